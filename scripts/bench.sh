#!/usr/bin/env bash
# bench.sh: handbook and Hugo side by side on the same synthetic corpora.
#
# For each size in SIZES it generates a corpus with ../shared/bench/gencorpus
# (the documents in handbook's format plus the same content as a Hugo site),
# then times, in alternating rounds (A B C D, A B C D, ...) so that a noisy
# machine disturbs every command alike:
#
#   handbook (full)    handbook build --quiet --no-cache -s CORPUS -o OUT
#   handbook (pages)   handbook build --quiet --no-cache --no-search --no-figures -s CORPUS -o OUT
#   handbook (edit)    one document of a copy of CORPUS changed (outside the
#                      timing), then handbook build --quiet -s COPY -o OUT,
#                      with the build cache beside OUT, as a user rebuilds:
#                      issue 20's goal 4. Every run, warm-up included, starts
#                      from the output and cache of a build before it (MODE
#                      cold too), the first from an untimed build
#   hugo               hugo --quiet -s CORPUS/hugo -d OUT
#   hugo + pagefind    sh -c 'hugo ... && pagefind --site OUT'
#
# and prints the medians of wall time, CPU time (user + system), peak memory
# (the largest process) and output size (the sum of its files' sizes), with
# the ratios handbook / Hugo,
# then the goal table of issue 20: each goal, its measure, and whether it
# holds in this run.
#
# Every run after the warm-up writes over the output of the one before, which
# is what a repeat build does (Hugo does not clean its output folder either;
# handbook keeps the build before beside it, as .OUT.twin, --no-cache too).
# MODE=cold deletes each output folder and its twin before each run, outside
# the timing.
#
# Installs what is missing: hugo and time (apt-get), pagefind (npm, into a
# temporary folder removed on exit). Timings come from hyperfine when it is
# installed (one hyperfine call per command and round), else /usr/bin/time;
# peak memory always from /usr/bin/time.
#
# Environment: SIZES ("1000 10000"), RUNS (5), WARMUP (1), SEED (1),
# MODE (repeat|cold), TIMER (hyperfine|time), PAGEFIND_VERSION (1.6.0),
# COMMANDS (a subset of "handbook-full handbook-pages handbook-edit hugo
# hugo+pagefind", plus handbook-nofigures: pages and search index),
# TIMEOUT (seconds one run may take before the benchmark fails; 1800),
# HANDBOOK (a handbook binary; default: built from this repository),
# HANDBOOK_BENCH_DIR (the folder holding gencorpus/; default ../shared/bench
# beside the repository), WORK (a work folder to keep; default a temporary
# folder deleted on exit). The summary is also written to WORK/results.md.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-1000 10000}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
SEED=${SEED:-1}
MODE=${MODE:-repeat}
PAGEFIND_VERSION=${PAGEFIND_VERSION:-1.6.0}
TIMER=${TIMER:-$(command -v hyperfine >/dev/null && echo hyperfine || echo time)}
GEN=${HANDBOOK_BENCH_DIR:-$REPO/../shared/bench}
TIMEOUT=${TIMEOUT:-1800}

die() { echo "bench: $*" >&2; exit 1; }

[ -f "$GEN/gencorpus/main.go" ] ||
	die "no corpus generator at $GEN/gencorpus (the shared bench folder belongs beside the repository as ../shared; or set HANDBOOK_BENCH_DIR)"
GEN=$(cd "$GEN" && pwd)
case $MODE in repeat | cold) ;; *) die "MODE must be repeat or cold, not $MODE" ;; esac
case $TIMER in hyperfine | time) ;; *) die "TIMER must be hyperfine or time, not $TIMER" ;; esac
[ "$RUNS" -ge 1 ] 2>/dev/null || die "RUNS must be a positive number"
command -v go >/dev/null || die "Go is needed to build handbook and generate the corpora"

CLEANUP=()
cleanup() { [ ${#CLEANUP[@]} -eq 0 ] || rm -rf "${CLEANUP[@]}"; }
trap cleanup EXIT

if [ -n "${WORK:-}" ]; then
	mkdir -p "$WORK"
	WORK=$(cd "$WORK" && pwd)
else
	WORK=$(mktemp -d -t handbook-bench.XXXXXX)
	CLEANUP+=("$WORK")
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
APT_UPDATED=
apt_install() {
	if [ -z "$APT_UPDATED" ]; then
		as_root apt-get update -qq
		APT_UPDATED=1
	fi
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

read -r -a NAMES <<<"${COMMANDS:-handbook-full handbook-pages handbook-edit hugo hugo+pagefind}"
wants() { [[ " ${NAMES[*]} " == *" $1 "* ]]; }

if wants hugo || wants hugo+pagefind; then
	command -v hugo >/dev/null || { echo "installing hugo (apt)"; apt_install hugo; }
fi
[ -x /usr/bin/time ] || { echo "installing time (apt)"; apt_install time; }
PAGEFIND=
if ! wants hugo+pagefind; then
	:
elif command -v pagefind >/dev/null; then
	PAGEFIND=$(command -v pagefind)
else
	command -v npm >/dev/null || { echo "installing npm (apt)"; apt_install npm; }
	PFDIR=$(mktemp -d -t pagefind.XXXXXX)
	CLEANUP+=("$PFDIR")
	echo "installing pagefind@$PAGEFIND_VERSION (npm, into $PFDIR)"
	npm install --silent --no-audit --no-fund --prefix "$PFDIR" "pagefind@$PAGEFIND_VERSION" >/dev/null
	PAGEFIND="$PFDIR/node_modules/.bin/pagefind"
fi
if [ -z "${HANDBOOK:-}" ]; then
	HANDBOOK="$WORK/handbook"
	(cd "$REPO" && go build -o "$HANDBOOK" ./cmd/handbook)
fi

machine() {
	local cpu
	cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
	echo "$(nproc) × ${cpu:-$(uname -m)}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory, $(uname -sr)"
}

echo "== machine: $(machine), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== versions: handbook $(cd "$REPO" && git rev-parse --short=12 HEAD 2>/dev/null || echo '?'), $(command -v hugo >/dev/null && hugo version | cut -d' ' -f1-2), pagefind $([ -n "$PAGEFIND" ] && "$PAGEFIND" --version 2>/dev/null | awk '{print $NF}'), $(go version | cut -d' ' -f3), timer $TIMER"

# Commands, by name. Each writes into WORK/out-N-NAME.
label() {
	case $1 in
	handbook-full) echo "handbook (full)" ;;
	handbook-pages) echo "handbook (pages only)" ;;
	handbook-nofigures) echo "handbook (pages + search)" ;;
	handbook-edit) echo "handbook (one document changed, cache)" ;;
	hugo) echo "hugo" ;;
	hugo+pagefind) echo "hugo + pagefind" ;;
	*) die "unknown command $1 in COMMANDS" ;;
	esac
}
for name in "${NAMES[@]}"; do label "$name" >/dev/null; done
command_for() { # NAME CORPUS OUT
	local q
	printf '%q ' timeout -s KILL "$TIMEOUT"
	case $1 in
	handbook-full) printf '%q ' "$HANDBOOK" build --quiet --no-cache -s "$2" -o "$3" ;;
	handbook-pages) printf '%q ' "$HANDBOOK" build --quiet --no-cache --no-search --no-figures -s "$2" -o "$3" ;;
	handbook-nofigures) printf '%q ' "$HANDBOOK" build --quiet --no-cache --no-figures -s "$2" -o "$3" ;;
	handbook-edit) printf '%q ' "$HANDBOOK" build --quiet -s "$2-edit" -o "$3" ;;
	hugo) printf '%q ' hugo --quiet -s "$2/hugo" -d "$3" ;;
	hugo+pagefind)
		q=$(printf '%q ' hugo --quiet -s "$2/hugo" -d "$3")
		q+="&& $(printf '%q ' "$PAGEFIND" --site "$3")"
		printf '%q ' sh -c "$q"
		;;
	esac
}

# run_once NAME CMD LOG: one timed run; appends "wall user sys peak_kib" to LOG.
run_once() {
	local name=$1 cmd=$2 log=$3 mem="$WORK/mem.tmp" csv="$WORK/hf.csv"
	if [ "$TIMER" = hyperfine ]; then
		hyperfine --runs 1 --style none --export-csv "$csv" -n "$name" \
			"/usr/bin/time -f %M -o $(printf '%q' "$mem") $cmd" >/dev/null ||
			die "$name failed or took more than TIMEOUT=${TIMEOUT}s: $cmd"
		# hyperfine's CSV: command,mean,stddev,median,user,system,min,max
		awk -F, -v m="$(tail -1 "$mem")" 'NR == 2 {print $2, $5, $6, m}' "$csv" >>"$log"
	else
		eval "/usr/bin/time -f '%e %U %S %M' -o $(printf '%q' "$mem") $cmd" >/dev/null ||
			die "$name failed or took more than TIMEOUT=${TIMEOUT}s: $cmd"
		tail -1 "$mem" >>"$log"
	fi
}

# median COLUMN LOG
median() {
	cut -d' ' -f"$1" "$2" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

# bench N: generate, time, print the table for one corpus size.
bench() {
	local n=$1 corpus="$WORK/corpus-$1" r name out cmd
	echo
	echo "== N=$n: generating the corpus (seed $SEED)"
	(cd "$GEN" && go run ./gencorpus -n "$n" -seed "$SEED" -o "$corpus") 2>&1 | tail -1
	for name in "${NAMES[@]}"; do
		rm -rf "$WORK/out-$n-$name" "$WORK/.out-$n-$name.twin" "$WORK/.handbook-cache/out-$n-$name"
		: >"$WORK/times-$n-$name"
	done
	if wants handbook-edit; then
		rm -rf "$corpus-edit"
		cp -r "$corpus" "$corpus-edit"
		EDITED=$(find "$corpus-edit/content" -name '*.md' | sort | sed -n 1p)
		# goal 4 is an edit after a build: one untimed build first makes
		# the output and the cache every timed edit build starts from
		cmd=$(command_for handbook-edit "$corpus" "$WORK/out-$n-handbook-edit")
		eval "$cmd" >/dev/null || die "handbook-edit failed: $cmd"
	fi
	echo "== N=$n: $WARMUP warm-up and $RUNS timed rounds of ${#NAMES[@]} commands ($MODE builds)"
	for ((r = 1; r <= WARMUP + RUNS; r++)); do
		for name in "${NAMES[@]}"; do
			out="$WORK/out-$n-$name"
			cmd=$(command_for "$name" "$corpus" "$out")
			# (an edit build always starts from the previous output and cache)
			if [ "$MODE" = cold ] && [ "$name" != handbook-edit ]; then rm -rf "$out" "$WORK/.out-$n-$name.twin" "$WORK/.handbook-cache/out-$n-$name"; fi
			# one document changed before each build, its body, differently each round
			if [ "$name" = handbook-edit ]; then printf '\nEdited in round %d.\n' "$r" >>"$EDITED"; fi
			if ((r <= WARMUP)); then
				eval "$cmd" >/dev/null || die "$name failed or took more than TIMEOUT=${TIMEOUT}s: $cmd"
			else
				run_once "$name" "$cmd" "$WORK/times-$n-$name"
			fi
		done
		printf '.'
	done
	echo
	table "$n" | tee -a "$WORK/results.md"
}

# table N: the medians and the ratios as a Markdown table.
table() {
	local n=$1 name log wall cpu peak size files
	declare -A W C P S
	echo
	echo "N=$n documents: median of $RUNS runs after $WARMUP warm-up, $MODE builds, $(date -u +%Y-%m-%d), $(machine)"
	echo
	echo "| command | wall s | CPU s | peak MiB | output MB | files |"
	echo "|---|---:|---:|---:|---:|---:|"
	for name in "${NAMES[@]}"; do
		log="$WORK/times-$n-$name"
		wall=$(median 1 "$log")
		cpu=$(awk '{print $2 + $3}' "$log" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
		peak=$(awk -v k="$(median 4 "$log")" 'BEGIN {print k / 1024}')
		# the files' bytes (what is uploaded): du -sb would add 4 KiB per folder
		size=$(find "$WORK/out-$n-$name" -type f -printf '%s\n' | awk '{s += $1} END {print s / 1e6}')
		files=$(find "$WORK/out-$n-$name" -type f | wc -l)
		W[$name]=$wall C[$name]=$cpu P[$name]=$peak S[$name]=$size
		printf '| %s | %.2f | %.2f | %.0f | %.1f | %d |\n' "$(label "$name")" "$wall" "$cpu" "$peak" "$size" "$files"
	done
	echo
	echo "| ratio | wall | CPU | peak memory | output size |"
	echo "|---|---:|---:|---:|---:|"
	ratio() { # LABEL A B: A / B, when both were measured
		[ -n "${W[$2]:-}" ] && [ -n "${W[$3]:-}" ] || return 0
		awk -v l="$1" -v w1="${W[$2]}" -v w2="${W[$3]}" -v c1="${C[$2]}" -v c2="${C[$3]}" \
			-v p1="${P[$2]}" -v p2="${P[$3]}" -v s1="${S[$2]}" -v s2="${S[$3]}" \
			'BEGIN {printf "| %s | %.2f× | %.2f× | %.2f× | %.2f× |\n", l, w1 / w2, c1 / c2, p1 / p2, s1 / s2}'
	}
	ratio "handbook (full) / hugo" handbook-full hugo
	ratio "handbook (full) / hugo + pagefind" handbook-full hugo+pagefind
	ratio "handbook (pages + search) / hugo" handbook-nofigures hugo
	ratio "handbook (pages + search) / hugo + pagefind" handbook-nofigures hugo+pagefind
	ratio "handbook (pages only) / hugo" handbook-pages hugo
	ratio "handbook (one document changed, cache) / handbook (full, no cache)" handbook-edit handbook-full
	goals "$n"
}

# goals N: issue 20's goals, measured in this run: the measure and whether
# it holds. Goals measured on the 10,000-document corpus only say "—" at
# other sizes.
goals() {
	local n=$1
	echo
	echo "| goal (N=$n) | target | measured | holds |"
	echo "|---|---:|---:|---|"
	goal() { # LABEL TARGET VALUE LIMIT UNIT [ONLY_N]
		if [ -z "$3" ]; then
			printf '| %s | %s | not measured | — |\n' "$1" "$2"
			return
		fi
		awk -v l="$1" -v t="$2" -v v="$3" -v m="$4" -v u="$5" -v only="${6:-}" -v n="$n" \
			'BEGIN {h = (v <= m) ? "yes" : "no"; if (only != "" && only != n) h = "— (goal at " only ")"; printf "| %s | %s | %.2f%s | %s |\n", l, t, v, u, h}'
	}
	ratio_of() { # A B: wall A / wall B, or "" when either is missing
		[ -n "${W[$1]:-}" ] && [ -n "${W[$2]:-}" ] && awk -v a="${W[$1]}" -v b="${W[$2]}" 'BEGIN {print a / b}' || true
	}
	size_ratio() {
		[ -n "${S[$1]:-}" ] && [ -n "${S[$2]:-}" ] && awk -v a="${S[$1]}" -v b="${S[$2]}" 'BEGIN {print a / b}' || true
	}
	goal "1. full build / hugo, wall" "≤ 1.0×" "$(ratio_of handbook-full hugo)" 1.0 "×"
	goal "2. pages only / hugo, wall" "≤ 0.3×" "$(ratio_of handbook-pages hugo)" 0.3 "×"
	goal "3. full build peak memory" "≤ 1024 MiB" "${P[handbook-full]:-}" 1024 " MiB" 10000
	goal "4. one document changed, wall" "≤ 1.0 s" "${W[handbook-edit]:-}" 1.0 " s" 10000
	goal "5. output / hugo + pagefind, bytes" "≤ 1.5×" "$(size_ratio handbook-full hugo+pagefind)" 1.5 "×"
	goal "6. serve answers after start" "≤ 1 s" "" 1 " s"
}

: >"$WORK/results.md"
for n in $SIZES; do
	bench "$n"
done
echo
echo "goals 3 and 4 are set at N=10000 (and 50,000 for memory); goal 6 is measured by hand (README, Performance)"
[ "${#CLEANUP[@]}" -gt 0 ] && [ "${CLEANUP[0]}" = "$WORK" ] || echo "kept in $WORK"
