#!/usr/bin/env bash
# Installs Rapport's Debian package into a fresh Debian root, as a learner's machine would get it,
# and checks it there: what `dpkg -L` lists, `rapport --version`, `rapport check` on a pack, the
# window opening under Xvfb (`--startup-time`), and that `dpkg --purge` leaves nothing behind but
# the learner's data folder. The window is opened twice, on X11 (Xvfb) and on Wayland (Weston,
# headless), each served from outside the root, so the root holds nothing but the package's
# declared dependencies. Then runs the tarball's binary in the same root.
#
#   scripts/test-install.sh [DEB [TARBALL]]    (default: the newest in $CARGO_TARGET_DIR/package)
#
# The root is made by mmdebstrap (variant "apt": the essential packages and apt, nothing else)
# for this machine's Debian release and architecture, from the Debian mirror this machine's apt
# uses. It is cached as a tarball under /var/tmp/rapport-debroot (RAPPORT_DEBROOT_CACHE), with
# the packages apt downloads into it, so only the first run downloads. Every run unpacks a new
# copy. Needs root, mmdebstrap, Xvfb, Weston (its headless compositor, for the Wayland run) and
# unshare (util-linux); .ci/setup.d/60-packaging.sh installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

passed=0
fail() {
    echo "test-install: FAIL: $*" >&2
    echo "install-test: $passed passed, 1 failed"
    exit 1
}
step_start=$SECONDS
step() { echo "== [$((SECONDS - step_start)) s] $*"; }
ok() { passed=$((passed + 1)); echo "   ok: $*"; }

# Everything below mounts into the fresh root; a mount namespace of our own keeps those mounts
# away from the machine's, and they go when this script ends, whatever happens.
if [ -z "${RAPPORT_TEST_INSTALL_NS:-}" ]; then
    [ "$(id -u)" = 0 ] || fail "run as root (it unpacks a Debian root and chroots into it)"
    exec env RAPPORT_TEST_INSTALL_NS=1 unshare --mount --propagation private -- bash "$0" "$@"
fi

trap 'echo "test-install: FAIL: line $LINENO: $BASH_COMMAND" >&2; echo "install-test: $passed passed, 1 failed"' ERR

pkgdir="${CARGO_TARGET_DIR:-$repo/target}/package"
deb=${1:-$(ls -t "$pkgdir"/rapport_*.deb 2>/dev/null | head -1 || true)}
tarball=${2:-$(ls -t "$pkgdir"/rapport-*-linux.tar.gz 2>/dev/null | head -1 || true)}
[ -f "$deb" ] || fail "no .deb given and none in $pkgdir (run scripts/package.sh first)"
[ -f "$tarball" ] || fail "no tarball given and none in $pkgdir (run scripts/package.sh first)"
deb=$(realpath "$deb")
tarball=$(realpath "$tarball")
for tool in mmdebstrap Xvfb weston dpkg-deb chroot; do
    command -v "$tool" >/dev/null || fail "$tool not found (bash .ci/setup.d/60-packaging.sh installs it)"
done
version=$(dpkg-deb -f "$deb" Version)
upstream_version=${version%-*}
step "testing $(basename "$deb") ($version, $(du -k "$deb" | cut -f1) KiB) and $(basename "$tarball")"

# ---- The root: this machine's release, from the Debian mirror its apt uses ----------------------
. /etc/os-release
codename=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
arch=$(dpkg --print-architecture)
# The suites of this release (and its -updates and -security) in this machine's apt sources.
sources=$(apt-get indextargets --format '$(SITE) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' \
    | awk -v c="$codename" '$2 == c || $2 == c "-updates" || $2 == c "-security" { print "deb " $0 }' \
    | sort -u)
[ -n "$sources" ] || fail "this machine's apt sources list no Debian mirror for $codename (apt-get update first?), so no root can be made"
cache=${RAPPORT_DEBROOT_CACHE:-/var/tmp/rapport-debroot}
mkdir -p "$cache/archives/partial"
key=$(printf '%s\n' "$codename" "$arch" "variant=apt" "$sources" "$(mmdebstrap --version)" | sha256sum | cut -c1-12)
root_tar="$cache/$codename-$arch-$key.tar"
exec 9>"$cache/lock"
flock 9
if [ ! -f "$root_tar" ]; then
    step "making a $codename root with mmdebstrap (cached as $root_tar), from:"
    printf '   %s\n' "$sources"
    printf '%s\n' "$sources" >"$cache/sources.list"
    # Keep apt's lists: each run only refreshes them.
    mmdebstrap --variant=apt --format=tar --skip=cleanup/apt/lists --quiet \
        "$codename" "$root_tar.tmp" "$cache/sources.list"
    mv "$root_tar.tmp" "$root_tar"
else
    step "reusing the $codename root $root_tar"
fi

work=$(mktemp -d /var/tmp/rapport-install-test.XXXXXX)
root="$work/root"
xvfb_pid=""
weston_pid=""
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    [ -n "$weston_pid" ] && kill "$weston_pid" 2>/dev/null
    # Unmount before deleting, and never delete across a mount point.
    for m in tmp/.X11-unix run/wayland var/cache/apt/archives proc; do
        mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
    done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir "$root"
tar -C "$root" -xf "$root_tar"
mount -t proc proc "$root/proc"
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# A throwaway root: dpkg need not wait for the disk after every file.
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/unsafe-io"
# The learner: an ordinary user with a home of their own.
echo "learner:x:1000:1000:Learner:/home/learner:/bin/sh" >>"$root/etc/passwd"
echo "learner:x:1000:" >>"$root/etc/group"
mkdir -p "$root/home/learner"
chown 1000:1000 "$root/home/learner"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
as_learner() {
    chroot --userspec=1000:1000 "$root" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/home/learner \
        DISPLAY="${display:-}" "$@"
}

# ---- Install: the declared dependencies from the mirror, then the package with dpkg -i ----------
depends=$(dpkg-deb -f "$deb" Depends)
step "apt-get update in the root, then the package's Depends: $depends"
in_root apt-get update -qq
in_root apt-get satisfy -y -qq --no-install-recommends "$depends" >"$work/satisfy.log" 2>&1 \
    || { cat "$work/satisfy.log"; fail "the declared dependencies do not install from the mirror"; }
ok "the declared dependencies install from the mirror"
in_root dpkg-query -W -f '${Package}\n' | sort >"$work/packages-before"
# Every path in the root but the package manager's own records, logs and caches, and /tmp.
snapshot() {
    in_root find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp \
        -o -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache/apt -o -path /var/log \
        -o -path /var/cache/debconf \) -prune -o -print | sort
}
snapshot >"$work/before"
cp "$deb" "$root/tmp/"
step "dpkg -i $(basename "$deb")"
in_root dpkg -i "/tmp/$(basename "$deb")"
ok "dpkg -i installs it (its dependencies are satisfied)"

# ---- What dpkg says it installed ----------------------------------------------------------------
step "dpkg -L rapport"
in_root dpkg -L rapport >"$work/listed"
sed 's/^/   /' "$work/listed"
expected=(/usr/bin/rapport /usr/share/applications/rapport.desktop
    /usr/share/icons/hicolor/scalable/apps/rapport.svg /usr/share/doc/rapport/copyright
    /usr/share/doc/rapport/README.md)
for size in 16 22 24 32 48 64 128 256 512; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/rapport.png")
done
for path in "${expected[@]}"; do
    grep -qx "$path" "$work/listed" || fail "dpkg -L does not list $path"
done
while read -r path; do
    [ -e "$root$path" ] || fail "dpkg -L lists $path but it is not there"
done <"$work/listed"
[ -x "$root/usr/bin/rapport" ] || fail "/usr/bin/rapport is not executable"
grep -qx 'Exec=rapport' "$root/usr/share/applications/rapport.desktop" || fail "the desktop entry does not run rapport"
grep -qx 'Icon=rapport' "$root/usr/share/applications/rapport.desktop" || fail "the desktop entry does not name the icon"
grep -q 'MIT' "$root/usr/share/doc/rapport/copyright" || fail "the copyright file does not name the licence"
ok "$(wc -l <"$work/listed") paths listed, every one present; installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"

# ---- The command line, as the learner ---------------------------------------------------------------
step "rapport --version"
got=$(as_learner rapport --version)
echo "   $got"
[ "$got" = "rapport $upstream_version" ] || fail "rapport --version printed '$got', expected 'rapport $upstream_version'"
ok "the version is the package's"

step "rapport check on the built-in pack's source folder and on a tutor's pack"
cp -r "$repo/content" "$root/home/learner/builtin-content"
mkdir -p "$root/home/learner/my-pack/units"
cat >"$root/home/learner/my-pack/units/contracting.ron" <<'EOF'
Unit(
    id: "my-centre-unit-1",
    title: "Contracting in Mentoring",
    awarding_body: "My Centre",
    level: 4,
    synopsis: "What the unit covers.",
    learning_outcomes: [
        LearningOutcome(number: "1", text: "Understand contracting", criteria: [
            Criterion(number: "1.1", text: "Explain what a contract covers",
                      indicative_content: ["Confidentiality and its limits"]),
        ]),
    ],
    key_concepts: [KeyConcept(id: "my-centre-unit-1/kc/contract", term: "Contract",
                              explanation: "An agreement on purpose, boundaries and practicalities.")],
    misconceptions: [Misconception(id: "my-centre-unit-1/mis/paperwork",
                                   text: "A contract is only paperwork.",
                                   correction: "It sets expectations and limits both can refer back to.")],
    marking_points: [MarkingPoint(id: "my-centre-unit-1/mp/contract",
                                  text: "Names what a contract covers.", criteria: ["1.1"])],
    tips: [Tip(id: "my-centre-unit-1/tip/examples", text: "Give an example from practice.", kind: Exam)],
)
EOF
mkdir -p "$root/home/learner/broken-pack/units"
printf 'Unit(id: "b", title: "B"\n' >"$root/home/learner/broken-pack/units/broken.ron"
chown -R 1000:1000 "$root/home/learner"
out=$(as_learner rapport check /home/learner/builtin-content) || fail "rapport check on the built-in pack failed: $out"
echo "   built-in: $out"
case $out in *"5 units"*) ;; *) fail "rapport check did not count the 5 built-in units: $out" ;; esac
ok "the built-in pack checks clean"
out=$(as_learner rapport check /home/learner/my-pack) || fail "rapport check on a clean tutor's pack failed: $out"
echo "   tutor's pack: $(echo "$out" | tail -1)"
case $out in *"1 unit"*) ;; *) fail "rapport check did not count the tutor's unit: $out" ;; esac
ok "a tutor's pack checks clean"
status=0
out=$(as_learner rapport check /home/learner/broken-pack 2>&1) || status=$?
echo "   broken pack (exit $status): $(echo "$out" | head -1)"
[ "$status" = 1 ] || fail "rapport check on a broken pack exited $status, expected 1"
case $out in *"broken.ron:"*) ;; *) fail "rapport check did not name the broken file: $out" ;; esac
ok "a broken pack fails, naming its file"

# ---- The window, under Xvfb -----------------------------------------------------------------------
step "rapport --startup-time under Xvfb (only the package's declared dependencies in the root)"
mkdir -p "$root/tmp/.X11-unix"
Xvfb -displayfd 8 -screen 0 1280x800x24 -nolisten tcp 8>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 1 100); do
    [ -s "$work/display" ] && break
    sleep 0.1
done
[ -s "$work/display" ] || fail "Xvfb did not start: $(cat "$work/xvfb.log")"
display=:$(cat "$work/display")
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
status=0
out=$(timeout 120 chroot --userspec=1000:1000 "$root" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
    HOME=/home/learner DISPLAY="$display" rapport --startup-time 2>"$work/app.err") || status=$?
echo "   $out"
[ "$status" = 0 ] || fail "rapport --startup-time exited $status: $(tail -5 "$work/app.err")"
case $out in "first frame drawn "*) ;; *) fail "no first frame reported: $out; $(tail -5 "$work/app.err")" ;; esac
[ -f "$root/home/learner/.local/share/rapport/rapport.sqlite3" ] \
    || fail "the learner's data file was not made in ~/.local/share/rapport"
ok "the window opened and drew a frame; the data folder is ~/.local/share/rapport"
kill "$xvfb_pid" 2>/dev/null || true
wait "$xvfb_pid" 2>/dev/null || true
xvfb_pid=""
umount -l "$root/tmp/.X11-unix"

step "rapport --startup-time on Wayland (Weston's headless compositor)"
# The same without X: eframe then takes the Wayland path, EGL and the Wayland client library.
wl_dir="$work/wayland"
mkdir -m 755 "$wl_dir"
XDG_RUNTIME_DIR="$wl_dir" weston --backend=headless-backend.so --socket=wayland-rapport \
    --width=1280 --height=800 --idle-time=0 >"$work/weston.log" 2>&1 &
weston_pid=$!
for _ in $(seq 1 100); do
    [ -S "$wl_dir/wayland-rapport" ] && break
    sleep 0.1
done
[ -S "$wl_dir/wayland-rapport" ] || fail "Weston did not start: $(tail -5 "$work/weston.log")"
chmod 666 "$wl_dir/wayland-rapport"
mkdir -p "$root/run/wayland"
mount --bind "$wl_dir" "$root/run/wayland"
status=0
out=$(timeout 120 chroot --userspec=1000:1000 "$root" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
    HOME=/home/learner XDG_RUNTIME_DIR=/run/wayland WAYLAND_DISPLAY=wayland-rapport \
    rapport --startup-time 2>"$work/app-wayland.err") || status=$?
echo "   $out"
[ "$status" = 0 ] || fail "rapport --startup-time on Wayland exited $status: $(tail -5 "$work/app-wayland.err")"
case $out in "first frame drawn "*) ;; *) fail "no first frame reported on Wayland: $out" ;; esac
ok "the window opened on Wayland and drew a frame"
kill "$weston_pid" 2>/dev/null || true
wait "$weston_pid" 2>/dev/null || true
weston_pid=""
umount -l "$root/run/wayland"
rmdir "$root/run/wayland"

# ---- Remove it: nothing may be left but the learner's data ---------------------------------------
step "dpkg --purge rapport"
in_root dpkg --purge rapport
if in_root dpkg-query -W -f '${db:Status-Abbrev}' rapport 2>/dev/null | grep -q '^.[^n]'; then
    fail "dpkg still knows rapport after the purge"
fi
rm -rf "$root/home/learner/builtin-content" "$root/home/learner/my-pack" "$root/home/learner/broken-pack"
snapshot >"$work/after"
# Only what appeared may be the learner's data folder (and the folders above it), and Mesa's
# shader cache: the OpenGL driver's own, shared by every OpenGL program of the user, which
# Mesa makes in ~/.cache on a program's first use of OpenGL.
comm -13 "$work/before" "$work/after" >"$work/added"
comm -23 "$work/before" "$work/after" >"$work/removed"
[ ! -s "$work/removed" ] || fail "the purge removed what was there before: $(head -5 "$work/removed")"
left=$(grep -v -e '^/home/learner/\.local$' -e '^/home/learner/\.local/share$' \
    -e '^/home/learner/\.local/share/rapport\(/.*\)\?$' \
    -e '^/home/learner/\.cache$' -e '^/home/learner/\.cache/mesa_shader_cache\(/.*\)\?$' \
    "$work/added" || true)
[ -z "$left" ] || fail "left behind after the purge: $left"
in_root dpkg-query -W -f '${Package}\n' | sort >"$work/packages-after"
cmp -s "$work/packages-before" "$work/packages-after" || fail "the set of installed packages changed"
ok "purged; nothing left but the learner's data: $(grep '^/home/learner/\.local/share/rapport/' "$work/added" | tr '\n' ' ')(and Mesa's shader cache: $(grep -c '^/home/learner/\.cache/mesa_shader_cache/' "$work/added" || true) paths)"

# ---- The tarball, in the same root -----------------------------------------------------------------
step "the tarball: unpack and run bin/rapport --version"
mkdir -p "$root/opt/tarball"
tar -C "$root/opt/tarball" -xzf "$tarball"
top=$(ls "$root/opt/tarball")
for path in bin/rapport INSTALL LICENSE share/applications/rapport.desktop share/icons/hicolor/256x256/apps/rapport.png; do
    [ -e "$root/opt/tarball/$top/$path" ] || fail "the tarball has no $top/$path"
done
got=$(as_learner "/opt/tarball/$top/bin/rapport" --version)
[ "$got" = "rapport $upstream_version" ] || fail "the tarball's rapport --version printed '$got'"
ok "the tarball's $top/bin/rapport runs: $got"

step "done in $((SECONDS - step_start)) s"
echo "install-test: $passed passed, 0 failed"
