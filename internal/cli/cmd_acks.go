package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"handbook/internal/acks"
)

func acksCommand() *command {
	c := &command{
		name:    "acks",
		summary: "Export or import the record of acknowledgements (who read which version)",
		usage:   "handbook acks export [-s SITE] [--data DIR | --db URL] [--json] [-o FILE]\n       handbook acks import [-s SITE] [--data DIR | --db URL] FILE",
		examples: []string{
			"handbook acks export -o acknowledgements.csv",
			"handbook acks export --json --db postgres://handbook@db/handbook",
			"handbook acks import acknowledgements.csv   # onto another server's database",
		},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		site := "."
		fs.stringFlag(&site, "s,source", ".", "the `SITE` folder (its .handbook-data holds the SQLite database)", "handbook acks export -s ~/sms-handbook")
		data := fs.String("data", "", "the `folder` of the SQLite database (default SITE/.handbook-data)")
		db := fs.String("db", "", "a PostgreSQL `URL` instead of SQLite")
		asJSON := fs.Bool("json", false, "export JSON instead of CSV")
		out := fs.String("o", "", "write the export to `FILE` instead of standard output")
		if len(args) == 0 || (args[0] != "export" && args[0] != "import") {
			fmt.Fprintln(env.Stderr, "handbook acks: say export or import (see handbook acks --help)")
			return ExitUsage
		}
		verb := args[0]
		if ok, st := c.parse(env, fs, args[1:]); !ok {
			return st
		}
		if verb == "export" && fs.NArg() > 0 || verb == "import" && fs.NArg() != 1 {
			fmt.Fprintf(env.Stderr, "handbook acks %s: unexpected arguments (see handbook acks --help)\n", verb)
			return ExitUsage
		}
		dir := *data
		if dir == "" {
			dir = filepath.Join(site, ".handbook-data")
		}
		ctx := context.Background()
		store, err := acks.Open(ctx, *db, dir)
		if err != nil {
			fmt.Fprintf(env.Stderr, "handbook acks: %v\n", err)
			return ExitContent
		}
		defer store.Close()
		if verb == "import" {
			return importAcks(env, store, fs.Arg(0))
		}
		all, err := store.All(ctx)
		if err != nil {
			fmt.Fprintf(env.Stderr, "handbook acks: %v\n", err)
			return ExitContent
		}
		b := acks.CSV(all)
		if *asJSON {
			b = acks.JSON(all)
		}
		if *out == "" {
			_, _ = env.Stdout.Write(b)
			return ExitOK
		}
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			fmt.Fprintf(env.Stderr, "handbook acks: %v\n", err)
			return ExitContent
		}
		fmt.Fprintf(env.Stderr, "Exported %d acknowledgements to %s\n", len(all), *out)
		return ExitOK
	}
	return c
}

// importAcks adds an export's records to the store (in one transaction),
// keeping the records it has.
func importAcks(env *Env, store *acks.Store, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(env.Stderr, "handbook acks: %v\n", err)
		return ExitContent
	}
	list, err := acks.ReadExport(path, b)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%v\nNothing imported.\n", err)
		return ExitContent
	}
	n, err := store.Import(context.Background(), list)
	if err != nil {
		fmt.Fprintf(env.Stderr, "handbook acks: %v\nNothing imported.\n", err)
		return ExitContent
	}
	fmt.Fprintf(env.Stdout, "Imported %d new acknowledgements (%d already on record)\n", n, len(list)-n)
	return ExitOK
}
