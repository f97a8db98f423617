package pack

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"handbook/internal/chromium"
	"handbook/internal/register"
	"handbook/internal/site"
)

// Names of the pack's files besides the documents' own PDFs.
const (
	HandbookPDF  = "handbook.pdf"
	LogXLSX      = "log.xlsx"
	LogCSV       = "log.csv"
	CoveragePDF  = "clause-coverage.pdf"
	CoverageXLSX = "clause-coverage.xlsx"
)

// printTimeout bounds each printing, so that a browser that hangs cannot
// hang the pack; the book of a large handbook takes minutes.
const printTimeout = 15 * time.Minute

// Input is what a pack is made from.
type Input struct {
	// Dir is the built site (base URL "/") whose pages are printed; the
	// pack writes its own pages under Dir/_pack/.
	Dir string
	// Exe is the browser that prints.
	Exe string
	// Public is the published site's address that printed pages name
	// ("/": addresses as paths).
	Public string
	Book   Book
	// Workbook holds the pack's documents (those of Book), for the log
	// and the coverage matrix.
	Workbook register.Workbook
	// Header is the manifest's header (see Manifest).
	Header [][2]string
	// Progress, if set, is told what is being printed.
	Progress func(what string)
}

// DocFile is the name of a document's PDF in the pack.
func DocFile(d Doc) string { return d.ID + "-v" + d.Version + ".pdf" }

// Make prints every document, the handbook and the coverage matrix, and
// returns the pack's zip. A document that fails to print fails the pack,
// named in the error; nothing is returned half made.
func Make(ctx context.Context, in Input) ([]byte, error) {
	files, err := printAll(ctx, in)
	if err != nil {
		return nil, err
	}
	if files[LogXLSX], err = register.LogXLSX(in.Workbook); err != nil {
		return nil, err
	}
	if files[CoverageXLSX], err = register.CoverageXLSX(in.Workbook); err != nil {
		return nil, err
	}
	if files[LogCSV], err = register.CSV(in.Workbook.Rows); err != nil {
		return nil, err
	}
	files[ManifestName] = Manifest(in.Header, files)
	return Zip(files, site.Day(in.Workbook.Date))
}

// printJob is one PDF of the pack: its file name, what Progress is told,
// and how it is printed.
type printJob struct {
	file, what string
	print      func(ctx context.Context) ([]byte, error)
}

// printWorkers is how many pages print at the same time: two per core
// (a page waits on loading and fonts part of the time; on two cores the
// repository handbook's pack printed in 14-15 s with four, 18 s with
// two), at most four, so that memory stays that of a few pages.
func printWorkers() int { return min(2*runtime.NumCPU(), 4) }

// printAll prints the documents, the handbook and the coverage matrix
// with one browser, printWorkers pages at a time; the handbook, the
// longest, is started first. A failure stops the printings that come
// after it in that order, and the first failure in that order is
// returned (the same, however the printings interleave).
func printAll(ctx context.Context, in Input) (map[string][]byte, error) {
	p, err := chromium.NewPrinter(ctx, in.Exe, in.Dir, in.Public)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	jobs := printJobs(p, in)
	var (
		mu      sync.Mutex // guards what follows and the calls of in.Progress
		pdfs    = make([][]byte, len(jobs))
		cancels = make([]context.CancelFunc, len(jobs))
		failed  = len(jobs) // the first job in order that failed
		failure error
	)
	run := func(i int) {
		mu.Lock()
		if i > failed {
			mu.Unlock()
			return
		}
		jctx, cancel := context.WithCancel(ctx)
		defer cancel()
		cancels[i] = cancel
		if in.Progress != nil {
			in.Progress(jobs[i].what)
		}
		mu.Unlock()
		pdf, err := jobs[i].print(jctx)
		mu.Lock()
		defer mu.Unlock()
		pdfs[i] = pdf
		if err != nil && i < failed {
			failed, failure = i, err
			for _, c := range cancels[i+1:] {
				if c != nil {
					c()
				}
			}
		}
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(printWorkers(), len(jobs)) {
		wg.Go(func() {
			for i := range next {
				run(i)
			}
		})
	}
	next <- len(jobs) - 2 // the handbook
	for i := range len(jobs) - 2 {
		next <- i
	}
	next <- len(jobs) - 1 // the coverage matrix
	close(next)
	wg.Wait()
	if failure != nil {
		return nil, failure
	}
	files := make(map[string][]byte, len(jobs))
	for i, j := range jobs {
		files[j.file] = pdfs[i]
	}
	return files, nil
}

// printJobs lists the pack's PDFs: the documents in the book's order,
// the handbook, then the coverage matrix.
func printJobs(p *chromium.Printer, in Input) []printJob {
	var jobs []printJob
	docs := in.Book.Docs()
	for i, d := range docs {
		jobs = append(jobs, printJob{DocFile(d), fmt.Sprintf("%s (%d of %d)", d.ID, i+1, len(docs)), func(ctx context.Context) ([]byte, error) {
			pctx, cancel := context.WithTimeout(ctx, printTimeout)
			defer cancel()
			pdf, id, err := p.Print(pctx, site.DocPath(d.ID))
			if err == nil && id != d.ID {
				err = fmt.Errorf("the page shows %q, not the document", id)
			}
			if err != nil {
				return nil, fmt.Errorf("printing %s: %w", d.ID, err)
			}
			return pdf, nil
		}})
	}
	return append(jobs,
		printJob{HandbookPDF, HandbookPDF, func(ctx context.Context) ([]byte, error) {
			pdf, err := printBook(ctx, p, in)
			if err != nil {
				return nil, fmt.Errorf("printing the handbook: %w", err)
			}
			return pdf, nil
		}},
		printJob{CoveragePDF, CoveragePDF, func(ctx context.Context) ([]byte, error) {
			cov, err := coveragePage(in)
			if err == nil {
				cov, err = printFile(ctx, p, in.Dir, "coverage.html", cov)
			}
			if err != nil {
				return nil, fmt.Errorf("printing the clause coverage: %w", err)
			}
			return cov, nil
		}})
}

// BookPDF prints the handbook alone (handbook.pdf), as Make does.
func BookPDF(ctx context.Context, in Input) ([]byte, error) {
	p, err := chromium.NewPrinter(ctx, in.Exe, in.Dir, in.Public)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return printBook(ctx, p, in)
}

// printBook prints the book twice: the first printing finds the page each
// document starts on (its entry in the PDF's outline), the second prints
// the contents with those pages.
func printBook(ctx context.Context, p *chromium.Printer, in Input) ([]byte, error) {
	docs := in.Book.Docs()
	var pages map[string]int
	for range 2 {
		page, err := in.Book.HTML(in.Dir, pages)
		if err != nil {
			return nil, err
		}
		pdf, err := printFile(ctx, p, in.Dir, "handbook.html", page)
		if err != nil {
			return nil, err
		}
		starts, err := OutlinePages(pdf)
		if err != nil {
			return nil, fmt.Errorf("reading its outline: %w", err)
		}
		if len(starts) != len(docs) {
			return nil, fmt.Errorf("its outline has %d entries, not one per document (%d)", len(starts), len(docs))
		}
		if pages != nil {
			return pdf, nil
		}
		pages = make(map[string]int, len(docs))
		for i, d := range docs {
			pages[d.ID] = starts[i]
		}
	}
	return nil, errors.New("unreachable")
}

// printFile writes page as Dir/_pack/name and prints it.
func printFile(ctx context.Context, p *chromium.Printer, dir, name string, page []byte) ([]byte, error) {
	if err := os.MkdirAll(filepath.Join(dir, "_pack"), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "_pack", name), page, 0o644); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, printTimeout)
	defer cancel()
	pdf, _, err := p.Print(ctx, "_pack/"+name)
	return pdf, err
}

//go:embed coverage.html
var coverageHTML string

var coverageTemplate = template.Must(template.New("coverage").Parse(coverageHTML))

type coverageView struct {
	Title, Organisation, Date string
	register.Tally
	Rows []coverageRow
}

type coverageRow struct {
	Number, Title, State string
	Depth                int
	Docs                 []string
}

// coveragePage is the clause-coverage matrix of the pack's documents as
// a page to print.
func coveragePage(in Input) ([]byte, error) {
	v := coverageView{Title: in.Book.Title, Organisation: in.Book.Organisation, Date: in.Book.Date}
	for _, c := range register.Coverage(in.Workbook.Docs) {
		r := coverageRow{Number: c.Clause.Number, Title: c.Clause.Title, State: c.State, Depth: c.Clause.Depth()}
		for _, d := range c.Docs {
			r.Docs = append(r.Docs, register.MarkDirect+" "+d.Meta.ID)
		}
		for _, d := range c.Sub {
			r.Docs = append(r.Docs, register.MarkSub+" "+d.Meta.ID)
		}
		v.Count(c.State)
		v.Rows = append(v.Rows, r)
	}
	var b bytes.Buffer
	err := coverageTemplate.Execute(&b, v)
	return b.Bytes(), err
}
