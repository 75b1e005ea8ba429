package state

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// RecentHistory is the realm's newest changes: the history of every
// service st has records of (destroyed ones too: history is kept), merged
// newest first, at most limit (all when limit <= 0).
func RecentHistory(ctx context.Context, st Store, limit int) ([]Record, error) {
	svcs, err := st.HistoryServices(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the realm's services: %w", err)
	}
	recs := []Record{}
	for _, svc := range svcs {
		// Each service's newest limit are enough for the realm's newest limit.
		h, err := st.History(ctx, svc, limit)
		if err != nil {
			return nil, fmt.Errorf("read history of %s: %w", svc, err)
		}
		recs = append(recs, h...)
	}
	slices.SortStableFunc(recs, func(a, b Record) int {
		if c := b.Started.Compare(a.Started); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	if limit > 0 && len(recs) > limit {
		recs = recs[:limit]
	}
	return recs, nil
}
