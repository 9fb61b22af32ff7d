# Shared by make-bases and make-test-images (sourced).
has() { docker image inspect "$1" >/dev/null 2>&1; }
# docker build, its output shown only when it fails (the legacy builder's deprecation notice is not news).
build() {
  local out; out=$(mktemp)
  if ! docker build -q "$@" > "$out" 2>&1; then cat "$out" >&2; rm -f "$out"; return 1; fi
  rm -f "$out"
}
