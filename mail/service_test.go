package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	pwmail "github.com/paperwire/paperwire/mail"
	"github.com/paperwire/paperwire/store"
)

// TestMailOffLogsAccountLinks: without SMTP, account mail is the link in
// the log (never a password), nothing is queued, and subscribing is refused.
func TestMailOffLogsAccountLinks(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	ctx := context.Background()
	var logs bytes.Buffer
	ms := store.NewMailStore(db)
	svc, err := pwmail.NewService(ctx, ms, pwmail.Options{BaseURL: "https://papers.example.org",
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	users := store.NewUserStore(db)
	u := &paperwire.User{Name: "ada", Email: "ada@example.org", PasswordHash: "$argon2id$secret-hash"}
	if err := users.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := svc.VerifyEmail(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := svc.ResetPassword(ctx, u); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "https://papers.example.org/verify/") || !strings.Contains(out, "https://papers.example.org/reset/") {
		t.Fatalf("links not logged:\n%s", out)
	}
	if strings.Contains(out, "secret-hash") {
		t.Fatal("the log holds the password hash")
	}
	if n, _ := ms.OutboxDepth(ctx); n != 0 {
		t.Fatalf("queued %d with mail off", n)
	}
	if err := svc.Subscribe(ctx, "b@example.org", ""); paperwire.ErrorCode(err) != paperwire.EINVALID {
		t.Fatalf("subscribe with mail off: %v", err)
	}
	if c, _ := ms.SubscriberCounts(ctx); len(c) != 0 {
		t.Fatalf("stored %v", c)
	}
}
