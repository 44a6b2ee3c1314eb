# Context-switch time against number of processes, 0 KB and 16 KB working set,
# one pair of curves per system (the Wombat paper's Figure 5).
# Data: build/bench/ctx-<system>.dat, written by `tools/bench_sys.py plot`
# (columns: procs, us at 0 KB, us at 16 KB). Run from the repository root:
#   gnuplot -e "datadir='build/bench'; out='build/bench/ctx.png'" tools/ctx.gp
# (the default out: datadir/ctx.png; docs/benchmarks.md links it there)
# Add "logy=1" to the -e string for a logarithmic time axis (systems far apart).
if (!exists("datadir")) datadir = "build/bench"
if (!exists("out")) out = datadir . "/ctx.png"
if (!exists("logy")) logy = 0
files = system("ls " . datadir . "/ctx-*.dat 2>/dev/null")
if (words(files) == 0) { print "ctx.gp: no " . datadir . "/ctx-*.dat"; exit }
sysname(f) = substr(f, strstrt(f, "/ctx-") + 5, strlen(f) - 4)

set terminal pngcairo size 900,560 font "sans,10"
set output out
set title "Context switch (lmbench-style ring of pipes, pipe overhead subtracted)"
set xlabel "processes"
if (logy) { set logscale y; set ylabel "time per switch (us of guest time, log scale)" } \
else { set yrange [0:*]; set ylabel "time per switch (us of guest time)" }
set grid
set key outside right top
set xrange [0:100]
set xtics (2, 4, 8, 16, 24, 32, 64, 96)
plot for [i=1:words(files)] word(files, i) using 1:($2 > 0 ? $2 : NaN) \
        with linespoints lw 2 pt 7 lc i dt 1 title sysname(word(files, i)) . " 0 KB", \
     for [i=1:words(files)] word(files, i) using 1:($3 > 0 ? $3 : NaN) \
        with linespoints lw 2 pt 5 lc i dt 2 title sysname(word(files, i)) . " 16 KB"
