package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"

	"handbook/internal/search"
	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// termsAnalyzer is the analyzer of the pre-analysed text fields.
const termsAnalyzer = "handbook_terms"

// newMapping describes the records: nothing stored (hits are shown from
// the static document files), term positions for phrases in the short
// fields but no offsets (fragments are highlighted from the text), doc
// values only where facets need them.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer(termsAnalyzer, map[string]any{
		"type":      custom.Name,
		"tokenizer": whitespace.Name,
	}); err != nil {
		return nil, err
	}
	field := func(analyzer string, positions, docValues bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = positions
		f.DocValues = docValues
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	for _, name := range format.TextFields {
		// positions for phrases, but not in the text (pairs.go)
		dm.AddFieldMappingsAt(name, field(termsAnalyzer, name != format.FieldText, false))
	}
	dm.AddFieldMappingsAt(format.FieldID, field(keyword.Name, false, false))
	dm.AddFieldMappingsAt(format.FieldType, field(keyword.Name, false, true))
	dm.AddFieldMappingsAt(format.FieldClause, field(keyword.Name, false, true))
	m.DefaultMapping = dm
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}

// WriteStats say what Write wrote.
type WriteStats struct {
	Records     int
	Words       int // distinct words in the vocabulary
	StaticFiles int
	// TermsEncoded is the number of the static index's terms whose
	// entries were encoded, not taken from Output.Files.
	TermsEncoded int
	// Patched is whether the static index was patched from the previous
	// build's with the documents whose analysis changed (delta.go), not
	// made from every document.
	Patched bool
}

const (
	analysisWindow = 256  // documents analysed at a time
	builderBatch   = 5000 // records per bleve segment before the final merge
)

// writeBleve indexes docs with bleve's offline builder at path and returns
// the vocabulary (surface word → occurrences) and finish, which writes the
// index out (the builder's final merge) and must be called once. The
// vocabulary is known before that merge, so the static index can be
// written meanwhile.
func writeBleve(ctx context.Context, path string, docs []search.Document, visit func(d int, a *analysis.Analysed)) (map[analysis.VocabKey]int, func() error, error) {
	final := path
	tmp, cleanup := MemoryScratch(scratchNeed(docs))
	if tmp != "" {
		path = filepath.Join(tmp, "index")
	}
	b, err := newBuilder(path)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	counts, err := indexBleve(ctx, b, docs, visit)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	finish := func() error {
		defer cleanup()
		if err := b.Close(); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if err := canonicalIndex(path); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if path != final {
			return copyTree(path, final)
		}
		return nil
	}
	return counts, finish, nil
}

// scratchNeed estimates the room the builder takes while it works: its
// segments, and the merge of them, are about a third of the text each.
func scratchNeed(docs []search.Document) int64 {
	var n int64
	for i := range docs {
		for _, s := range docs[i].Sections {
			n += int64(len(s.Text) + len(s.Heading))
		}
	}
	return 2*n + 64<<20
}

// copyTree copies the files of folder src into dst with plain writes.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if e.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
}

// indexBleve gives every record of docs to the builder b, whose Close
// the caller owes. Three stages overlap: analysis on all cores a window of
// documents at a time, bleve's builder (single-threaded) indexing the
// window before, and visit seeing the window before that.
func indexBleve(ctx context.Context, b *scorch.Builder, docs []search.Document, visit func(d int, a *analysis.Analysed)) (map[analysis.VocabKey]int, error) {
	langs, err := analysis.DocLanguages(docs)
	if err != nil {
		return nil, err
	}
	kw, err := registry.NewCache().AnalyzerNamed(keyword.Name)
	if err != nil {
		return nil, err
	}
	as, err := analysis.NewAnalysers(runtime.GOMAXPROCS(0), false)
	if err != nil {
		return nil, err
	}
	windows, visits := make(chan []analysis.Analysed, 1), make(chan []analysis.Analysed, 2)
	indexed, visited := make(chan error, 1), make(chan struct{})
	go func() { // bleve reads the analysed fields; visit only reads them too
		defer close(visits)
		var err error
		n := 0
		for win := range windows {
			for i := range win {
				for s := range win[i].Sections {
					if err == nil {
						err = b.Index(bleveRecord(n+i, s, &docs[n+i], &win[i], kw))
					}
				}
			}
			visits <- win
			n += len(win)
		}
		indexed <- err
	}()
	vocab := map[analysis.VocabKey]int{}
	go func() {
		defer close(visited)
		n := 0
		for win := range visits {
			for i := range win {
				if visit != nil {
					visit(n+i, &win[i])
				}
				for _, v := range win[i].Vocab {
					vocab[v.Key] += v.N
				}
			}
			n += len(win)
		}
	}()
	inWindows(ctx, len(docs), as, windows, func(a *analysis.Analyser, d int) analysis.Analysed {
		return a.Document(&docs[d], langs[d])
	})
	err = errors.Join(<-indexed, ctx.Err())
	<-visited
	if err != nil {
		// Close is skipped: its final merge takes seconds, and the caller
		// discards the unfinished folder.
		return nil, fmt.Errorf("search index: %w", err)
	}
	return vocab, nil
}

// inWindows calls analyse for each of n documents, in windows of
// analysisWindow documents, each window's on all cores with one analyser
// each, and sends each window's results to out, in order; it closes out
// at the end or when ctx is done.
func inWindows[T any](ctx context.Context, n int, as []*analysis.Analyser, out chan<- []T, analyse func(a *analysis.Analyser, d int) T) {
	defer close(out)
	for start := 0; start < n && ctx.Err() == nil; start += analysisWindow {
		win := make([]T, min(analysisWindow, n-start))
		var wg sync.WaitGroup
		for k, a := range as {
			wg.Go(func() {
				for i := k; i < len(win); i += len(as) {
					win[i] = analyse(a, start+i)
				}
			})
		}
		wg.Wait()
		out <- win
	}
}

// newBuilder starts bleve's offline builder (one final segment: the
// fastest to query) at path. bleve.NewBuilder would map Go values through
// the mapping; this package gives the builder documents whose fields are
// already analysed, so it writes the index metadata itself.
func newBuilder(path string) (*scorch.Builder, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	mb, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, err
	}
	meta := `{"storage":"` + scorch.Name + `","index_type":"` + scorch.Name + `"}`
	if err := os.WriteFile(filepath.Join(path, "index_meta.json"), []byte(meta), 0o644); err != nil {
		return nil, err
	}
	return scorch.NewBuilder(map[string]any{
		"path":            filepath.Join(path, "store"),
		"buildPathPrefix": filepath.Dir(path),
		"batchSize":       builderBatch,
		"internal":        map[string][]byte{string(util.MappingInternalKey): mb},
	})
}

func bleveRecord(d, s int, doc *search.Document, a *analysis.Analysed, kw bleveanalysis.Analyzer) *document.Document {
	r := &a.Sections[s]
	bd := document.NewDocument(format.RecordKey(d, s))
	bd.AddField(&a.Title)
	bd.AddField(&r.Heading)
	bd.AddField(&r.Text)
	bd.AddField(&a.Tags)
	bd.AddField(document.NewTextFieldCustom(format.FieldID, nil, []byte(strings.ToLower(doc.ID)), index.IndexField, kw))
	bd.AddField(document.NewTextFieldCustom(format.FieldType, nil, []byte(doc.Type), index.IndexField|index.DocValues, kw))
	for i, c := range doc.Clauses {
		bd.AddField(document.NewTextFieldCustom(format.FieldClause, []uint64{uint64(i)}, []byte(c), index.IndexField|index.DocValues, kw))
	}
	return bd
}

// Output is where Write puts an index. Open expects the layout that
// FolderOutput gives: DIR/_search/index and DIR/_search/static.
type Output struct {
	// IndexDir is the folder of the bleve index; Write creates it, and
	// the word pairs (static/pairs.bin) with it. "" writes the static
	// index alone: Open then makes both from it, once, in a cache beside
	// the output (server.go).
	IndexDir string
	// Put writes a file of the static index, by its slash path under
	// static/ (the build writes it through its output, which skips files
	// whose bytes did not change). Write never changes the bytes it gives
	// Put: Put may keep them.
	Put func(name string, data []byte) error
	// Docs, if set, keeps each document's analysis and compressed
	// document file between builds, Files the other compressed files
	// by their bytes: a build with a cache analyses and compresses only
	// what changed. Docs is used without IndexDir only (bleve's index
	// needs more of the analysis than the static one).
	Docs, Files Memo
	// Sums, if set, are the documents' SumDocuments, which Write with
	// Docs would otherwise make.
	Sums Sums
	// Text, if set, gives document i's sections with their texts, which
	// the documents given to Write may leave out (their headings, anchors
	// and number kept): a build that reads the texts from its cache only
	// for the documents it indexes again. With Docs and Sums, Write asks
	// for a document's sections only where it reads its text (an
	// analysis or document file its memos do not hold); otherwise it
	// asks for every document's first.
	Text func(i int) []search.Section
}

// FolderOutput writes an index into the output folder dir.
func FolderOutput(dir string) Output {
	root := filepath.Join(dir, "_search")
	return Output{
		IndexDir: filepath.Join(root, format.IndexDir),
		Put: func(name string, data []byte) error {
			p := filepath.Join(root, format.StaticDir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			return os.WriteFile(p, data, 0o644)
		},
	}
}

// Write indexes docs: the bleve index that serve opens, and the static
// index for the browser. types names the document types in the order
// facets list them.
func Write(ctx context.Context, out Output, docs []search.Document, types []search.TypeInfo) (WriteStats, error) {
	docs, full := withText(docs, out)
	stop, err := analysis.StopWords(docs)
	if err != nil {
		return WriteStats{}, err
	}
	qw, err := analysis.NewWords(stop)
	if err != nil {
		return WriteStats{}, err
	}
	st := newStaticIndex(docs, qw)
	st.full = full
	st.keepPairs = out.IndexDir != ""
	z := &zippers{memo: out.Files}
	memo := out.Docs
	if out.IndexDir != "" {
		memo = nil
	}
	var sums Sums
	if memo != nil {
		sums = out.Sums
		if len(sums) != len(docs) {
			sums = SumDocuments(docs)
		}
	}
	type written struct {
		n   int
		err error
	}
	docFiles := make(chan written, 1)
	go func() { // the documents' files need no index: write them meanwhile
		n, err := writeDocs(out.Put, z, docs, full, sums, memo)
		docFiles <- written{n, err}
	}()
	counts, finish := map[analysis.VocabKey]int{}, func() error { return nil }
	delta := memo != nil && z.memo != nil // the delta path's state is kept
	st.keep = delta
	global := globalSum(len(docs), stop)
	var words []vocabCount
	switch {
	case delta && st.planDelta(docs, sums, global, memo, z):
		words = st.delta.vocab
	case len(docs) == 0: // bleve's builder cannot write an empty index
	case out.IndexDir == "":
		counts, err = analyseStatic(ctx, docs, full, sums, memo, st.visit)
	default:
		counts, finish, err = writeBleve(ctx, out.IndexDir, docs, st.visitAnalysed)
	}
	if err != nil {
		<-docFiles
		return WriteStats{}, err
	}
	closed := make(chan error, 1)
	go func() { closed <- finish() }() // bleve's final merge, beside the static index
	if st.delta == nil {
		words = sortedVocab(counts)
	}
	vocab := format.NewVocabulary()
	for _, w := range words {
		vocab.Add(w.key.Word, []string{w.key.Stem}, int(w.n))
	}
	vocab.Sort()
	files, err := st.write(out.Put, z, vocab, stop, types)
	if err == nil && delta {
		st.keepDelta(z.memo, global, sums, words)
	}
	d := <-docFiles
	if err = errors.Join(err, d.err); err != nil {
		<-closed
		return WriteStats{}, fmt.Errorf("static search index: %w", err)
	}
	if err := <-closed; err != nil {
		return WriteStats{}, err
	}
	return WriteStats{Records: st.nrec, Words: len(vocab.Words), StaticFiles: files + d.n, TermsEncoded: int(st.encoded.Load()), Patched: st.delta != nil}, nil
}
