// Live updates (server-sent events) come in a later slice; the pages read without it.
