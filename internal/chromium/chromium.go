// Package chromium finds a Chromium (or Chrome) executable and starts it
// headless with the flags every part of the handbook uses (PDF printing and
// the browser tests): no background network traffic, no first-run screens,
// a fresh profile.
package chromium

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// EnvPath names the variable that points at the browser executable when it
// is not on PATH under a usual name.
const EnvPath = "HANDBOOK_CHROMIUM"

// ErrNotFound says that no browser executable was found.
var ErrNotFound = errors.New("Chromium is not installed (looked for " + EnvPath + " and chromium, chromium-browser, google-chrome, google-chrome-stable, chrome on PATH)")

// Find returns the browser executable: $HANDBOOK_CHROMIUM when set, else the
// first usual name found on $PATH. getenv supplies both variables, so that a
// caller (or a test) decides what the process environment looks like.
func Find(getenv func(string) string) (string, error) {
	if p := getenv(EnvPath); p != "" {
		if isExecutable(p) {
			return p, nil
		}
		return "", errors.New(EnvPath + "=" + p + " is not an executable file")
	}
	names := []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}
	for _, name := range names {
		for _, dir := range filepath.SplitList(getenv("PATH")) {
			if dir == "" {
				continue
			}
			if p := filepath.Join(dir, name); isExecutable(p) {
				return p, nil
			}
		}
	}
	return "", ErrNotFound
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode().Perm()&0o111 != 0
}

// Allocator returns a context that starts exe headless, with its profile in
// profileDir (which the caller creates fresh and removes), on the first
// chromedp.Run of a chromedp.NewContext made from it.
func Allocator(ctx context.Context, exe, profileDir string, extra ...chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profileDir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
	}
	return chromedp.NewExecAllocator(ctx, append(opts, extra...)...)
}
