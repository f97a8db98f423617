#!/usr/bin/env bash
# third_party/go-graphviz is upstream github.com/goccy/go-graphviz (at the
# version go.mod requires) with some files left out and
# third_party/go-graphviz.patch applied (why: third_party/go-graphviz/PATCHED.md).
#
#   scripts/go-graphviz.sh check   fail unless the folder is exactly upstream + patch
#   scripts/go-graphviz.sh apply   rebuild the folder from upstream + patch
#   scripts/go-graphviz.sh diff    rewrite the patch from the folder (after editing it)
#
# Upstream comes from the Go module cache (`go mod download`, so through the
# module proxy when it is not there yet; GOPROXY=off keeps it offline).
set -euo pipefail
cd "$(dirname "$0")/.."

module=github.com/goccy/go-graphviz
fork=third_party/go-graphviz
patch=$PWD/third_party/go-graphviz.patch
# Upstream files the fork leaves out: tests, examples, test data, the
# WebAssembly build files and upstream's own tooling.
leave_out=(.github .gitignore Makefile _examples buf.gen.yaml buf.work.yaml testdata internal/wasm/build)

version=$(go list -m -f '{{.Version}}' "$module")
upstream=$(go mod download -json "$module@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -d "$upstream" ] || { echo "go-graphviz.sh: no source for $module@$version in the module cache" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# pruned DIR: upstream without the files left out, writable, modes as in git.
pruned() {
	cp -r "$upstream" "$1"
	chmod -R u+w "$1"
	(cd "$1" && rm -rf "${leave_out[@]}" && find . -name '*_test.go' -delete && chmod -R a-x+X,go-w .)
}

case "${1:-}" in
check | apply)
	pruned "$work/tree"
	(cd "$work/tree" && git apply --whitespace=nowarn "$patch")
	if [ "$1" = apply ]; then
		rm -rf "$fork" && cp -r "$work/tree" "$fork"
		echo "go-graphviz.sh: $fork rebuilt from $module@$version + ${patch#"$PWD"/}"
	elif ! diff -r "$work/tree" "$fork" >&2; then
		echo "go-graphviz.sh: $fork is not $module@$version + ${patch#"$PWD"/} (see above); edit the folder and run scripts/go-graphviz.sh diff, or run apply" >&2
		exit 1
	fi
	;;
diff)
	pruned "$work/a"
	cp -r "$fork" "$work/b"
	chmod -R a-x+X,go-w "$work/b"
	# git diff --no-index exits 1 when the trees differ, as they do.
	(cd "$work" && git diff --no-index --no-color --src-prefix= --dst-prefix= a b || [ $? -eq 1 ]) >"$patch.tmp"
	mv "$patch.tmp" "$patch"
	echo "go-graphviz.sh: wrote ${patch#"$PWD"/} ($(grep -c '^diff --git' "$patch") files)"
	;;
*)
	sed -n '2,11s/^# \{0,1\}//p' "$0" >&2
	exit 2
	;;
esac
