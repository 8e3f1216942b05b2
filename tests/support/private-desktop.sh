# Sourced by the test scripts: `private_desktop DIR` gives this run private XDG dirs under
# DIR (nothing lands in the real home) and this D-Bus session's own gnome-keyring, unlocked
# before anything asks for it (linux-desktop-recipe.md §7). Secrets go nowhere else.
private_desktop() {
  local root=$1
  export XDG_DATA_HOME=$root/data XDG_CONFIG_HOME=$root/config XDG_CACHE_HOME=$root/cache
  export XDG_RUNTIME_DIR=$root/run
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  printf 'tether-test-keyring' | gnome-keyring-daemon --unlock --components=secrets > /dev/null
}
