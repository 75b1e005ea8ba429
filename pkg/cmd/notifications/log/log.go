// Package log implements `yodel notifications log`: every notification
// delivery of a realm (or of one service), newest first, with its status,
// attempts and last error.
package log

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

type Options struct {
	svcutil.Common
	Receiver string
	Limit    int
	Output   cmdutil.OutputFormat
	Deps     svcutil.Deps
}

func NewCmdLog(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{}
	cmd := &cobra.Command{
		Use:   "log [<service>] --realm <realm>",
		Short: "List notification deliveries: event, receiver, status, attempts, last error",
		Example: `  $ yodel notifications log --realm prod
  $ yodel notifications log web --realm prod --receiver team-chat
  $ yodel notifications log --realm prod -o json`,
		Args: cobra.MaximumNArgs(1),
		RunE: svcutil.RealmRunE(f, &opts.Common, &opts.Deps, "the deliveries of", func() error {
			if opts.Limit < 0 {
				return cmdutil.FlagErrorf("--limit must be 0 (all) or more, not %d", opts.Limit)
			}
			return nil
		}, opts, runF, Run),
	}
	cmd.Flags().StringVarP(&opts.Realm, "realm", "r", "", "Realm name or realm file (required)")
	cmd.Flags().StringVar(&opts.Receiver, "receiver", "", "Only this receiver's deliveries (a notifications name, or newrelic)")
	cmd.Flags().IntVarP(&opts.Limit, "limit", "n", 50, "Show at most this many deliveries (0: all)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

// Delivery is one row of the log (the -o json element).
type Delivery struct {
	Receiver    string    `json:"receiver"`
	ID          string    `json:"id"`
	Service     string    `json:"service"`
	Kind        string    `json:"kind"`
	Step        string    `json:"step,omitempty"`
	Release     string    `json:"release,omitempty"`
	EventTime   time.Time `json:"eventTime"`
	Status      string    `json:"status"`
	Attempts    int       `json:"attempts"`
	LastAttempt time.Time `json:"lastAttempt,omitzero"`
	NextAttempt time.Time `json:"nextAttempt,omitzero"`
	LastError   string    `json:"lastError,omitempty"`
	DeliveredAt time.Time `json:"deliveredAt,omitzero"`
}

func Run(ctx context.Context, opts *Options) error {
	r, st, err := opts.Deps.RealmStore(ctx, opts.Realm)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := fetch(ctx, st, opts)
	if err != nil {
		return err
	}
	if opts.Output.IsJSON() {
		return cmdutil.WriteJSON(opts.Deps.IO.Out, rows)
	}
	if len(rows) == 0 {
		w := opts.Deps.IO.NothingOut()
		fmt.Fprintf(w, "No notification deliveries in realm %s\n", r.Realm)
		if len(r.Notifications) == 0 && r.NewRelic == nil {
			fmt.Fprintf(w, "Its realm file (%s) names no receivers: add notifications: or newRelic: (docs/notifications.md); the realm's yodel server sends them.\n", r.File)
		}
		return nil
	}
	return Render(opts.Deps.IO, rows)
}

// fetch reads every receiver's deliveries (or one's), newest event first.
func fetch(ctx context.Context, st state.Store, opts *Options) ([]Delivery, error) {
	receivers := []string{opts.Receiver}
	if opts.Receiver == "" {
		obs, err := st.ListOutboxes(ctx)
		if err != nil {
			return nil, fmt.Errorf("read the notification outboxes of %s: %w", st.URL(), err)
		}
		receivers = receivers[:0]
		for _, o := range obs {
			receivers = append(receivers, o.Receiver)
		}
	}
	rows := []Delivery{}
	for _, rcv := range receivers {
		ds, err := st.ListDeliveries(ctx, rcv)
		if err != nil {
			return nil, fmt.Errorf("read the notification deliveries to %s: %w", rcv, err)
		}
		for _, d := range ds {
			if opts.Service != "" && d.Service != opts.Service {
				continue
			}
			rows = append(rows, row(d))
		}
	}
	slices.SortStableFunc(rows, func(a, b Delivery) int { return b.EventTime.Compare(a.EventTime) })
	if opts.Limit > 0 && len(rows) > opts.Limit {
		rows = rows[:opts.Limit]
	}
	return rows, nil
}

func row(d state.Delivery) Delivery {
	var ev struct {
		Step    string `json:"step"`
		Release string `json:"release"`
	}
	_ = json.Unmarshal(d.Event, &ev) // the step and release are a nicety
	return Delivery{Receiver: d.Receiver, ID: d.ID, Service: d.Service, Kind: d.Kind, Step: ev.Step, Release: ev.Release,
		EventTime: d.EventTime, Status: d.Status, Attempts: d.Attempts, LastAttempt: d.LastAttempt,
		NextAttempt: d.NextAttempt, LastError: d.LastError, DeliveredAt: d.DeliveredAt}
}

// Render prints the deliveries as a table (TSV off a terminal).
func Render(ios *iostreams.IOStreams, rows []Delivery) error {
	t := ui.NewTable(ios, ios.Out, "EVENT TIME", "RECEIVER", "SERVICE", "RELEASE", "EVENT", "STATUS", "ATTEMPTS", "DELIVERED", "LAST ERROR")
	st := ui.NewStyles(ios, ios.Out)
	rows = ui.Escaped(rows) // LastError quotes the receiver's answer
	for _, d := range rows {
		event := d.Kind
		if d.Step != "" {
			event += " " + d.Step
		}
		status := d.Status
		if ios.IsStdoutTTY() {
			switch d.Status {
			case state.DeliveryDelivered:
				status = st.OK.Render(status)
			case state.DeliveryFailed:
				status = st.Fail.Render(status)
			}
		}
		delivered := ""
		if !d.DeliveredAt.IsZero() {
			delivered = d.DeliveredAt.UTC().Format(time.RFC3339)
		}
		lastErr := d.LastError
		if d.Status == state.DeliveryPending && !d.NextAttempt.IsZero() {
			lastErr += " (next attempt " + d.NextAttempt.UTC().Format(time.RFC3339) + ")"
		}
		t.Row(d.EventTime.UTC().Format(time.RFC3339), d.Receiver, d.Service, d.Release, event, status, fmt.Sprint(d.Attempts), delivered, lastErr)
	}
	return t.Render(ios.Out)
}
