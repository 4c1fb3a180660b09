#!/bin/sh
# Interleaves `throughput sets` processes of several configurations, round
# by round, and prints each figure's median over the rounds, as time
# relative to the first configuration.
#   compare-sets.sh ROUNDS LABEL=SET:BINARY...
# e.g. compare-sets.sh 5 avx2=avx2:target/release/deps/throughput-... \
#        avx512=avx512:target/release/deps/throughput-...
set -eu
rounds=$1
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=0
while [ "$i" -lt "$rounds" ]; do
  for config in "$@"; do
    label=${config%%=*}
    rest=${config#*=}
    HINGE_INSTRUCTION_SET=${rest%%:*} "${rest#*:}" sets |
      sed "s/^[^ ]*/$label/" >>"$out"
  done
  i=$((i + 1))
done
awk -v first="${1%%=*}" '
  { key = $2 " " $3 " " $4; t[$1, key, ++n[$1, key]] = $5
    if (!(key in seen)) { seen[key] = 1; keys[++k] = key }
    if (!($1 in lab)) { lab[$1] = 1; labels[++l] = $1 } }
  function median(label, key,   m, i, j, v, x) {
    m = n[label, key]
    for (i = 1; i <= m; i++) v[i] = t[label, key, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
      if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
    return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  END {
    printf "%-5s %9s %2s", "work", "elements", "th"
    for (j = 1; j <= l; j++) printf " %16s", labels[j] " µs"
    print ""
    for (i = 1; i <= k; i++) {
      split(keys[i], f, " ")
      printf "%-5s %9s %2s", f[1], f[2], f[3]
      base = median(first, keys[i])
      for (j = 1; j <= l; j++) {
        m = median(labels[j], keys[i])
        printf " %9.1f (%4.2f)", m, m / base
      }
      print ""
    }
  }' "$out"
