// Package e2e holds end-to-end tests: they build the real paperwire binary,
// start it on a free port with a fresh data directory, and drive the site in
// headless Chromium the way a person would.
//
// Without a Chromium on the machine the browser tests skip with a message;
// with CI=true they fail instead, so CI can never pass by skipping them.
// PAPERWIRE_E2E_URL points the tests at an already running server instead of
// building one; PAPERWIRE_E2E_SCREENSHOTS names a directory to keep the
// screenshots in besides the test's temp dir.
package e2e
