# Sourced by the launchers (metalr, metalr-bench/run): exports the process environment LibTorch runs in,
# native.env's variables (OpenMP wait policy, huge pages, malloc keeping freed memory); a variable already
# set keeps its value.
while IFS='=' read -r key value; do
  case "$key" in ''|'#'*) continue ;; esac
  [ -n "${!key:-}" ] || export "$key=$value"
done <"$(dirname "${BASH_SOURCE[0]}")/src/main/resources/org/metalr/libtorch/native.env"
