// Package view holds the view models of what yodel shows: `yodel status`
// (App), `yodel canary status` (Canary) and a deployment's progress
// (Deploy). Each is built from data already fetched (Marathon's apps, the
// routing state, the rollout record, a progress snapshot), computes what is
// display-ready once (track text, the step path, the traffic split, error
// rates), and is what `-o json` writes. Nothing here fetches, styles or
// writes to a terminal, so a controller or a web dashboard can use the
// same models as the CLI.
//
// DESIGN: where things live.
//   - pkg/view: the models and their builders (this package).
//   - pkg/ui: their text (tables, the canary block, the progress block),
//     with lipgloss styles that go plain when colour is off.
//   - pkg/ui/live: the one live renderer: a frame redrawn in place, cut to
//     the terminal's width, resize-aware, plain off a terminal or with
//     TERM=dumb.
//   - pkg/cmd/<command>: fetch, build the model, choose JSON or text.
//
// JSON field names are a contract (scripts parse them): the models keep
// every name the commands wrote before they existed, and only add fields.
package view
