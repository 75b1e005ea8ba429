package state

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// RecentHistory is the realm's newest changes: the history of every
// service st routes, merged newest first, at most limit (all when limit
// <= 0). A destroyed service's records are kept but not listed: only its
// routing state names a service.
func RecentHistory(ctx context.Context, st Store, limit int) ([]Record, error) {
	rts, err := st.ListRouting(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the realm's services: %w", err)
	}
	recs := []Record{}
	for _, rt := range rts {
		// Each service's newest limit are enough for the realm's newest limit.
		h, err := st.History(ctx, rt.Service, limit)
		if err != nil {
			return nil, fmt.Errorf("read history of %s: %w", rt.Service, err)
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
