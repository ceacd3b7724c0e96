#!/usr/bin/env bash
# 安装测试所需的一切并运行全部测试 —— README 的第二条命令,CI(.ci/run)调用的也是它。
#
# On a fresh Debian/Ubuntu machine it installs, as root or through sudo:
#   chromium, fonts-noto-cjk    the browser tests (Playwright drives /usr/bin/chromium) and
#                               kaleido's chart images for the Word report
#   libreoffice, poppler-utils  the report tests turn .pptx/.docx into PDF and PNG pages
#   postgresql                  every store test runs on SQLite and on PostgreSQL
# then starts PostgreSQL on 127.0.0.1:5432 (database "test"), installs requirements-dev.txt
# and runs pytest on both cores (pytest-xdist). Extra arguments go to pytest:
#   bash scripts/test.sh tests/ingest -x
# UNIONSTATS_SKIP_PG=1 skips the PostgreSQL half (a laptop without it); CI never sets it.
set -uo pipefail
cd "$(dirname "$0")/.."

say() { printf '%s\n' "$*" >&2; }

# --- Python -----------------------------------------------------------------------------
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  say "需要 Python 3.11 或更新版本:请先安装(Debian/Ubuntu: apt-get install python3 python3-pip),或用 PYTHON=路径 指定。"
  exit 1
fi

# --- Debian packages ----------------------------------------------------------------------
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; fi
need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v libreoffice >/dev/null || need+=(libreoffice-writer libreoffice-impress)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
installed_postgres=0
if [ "${UNIONSTATS_SKIP_PG:-}" != "1" ] && ! command -v pg_ctlcluster >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  need+=(postgresql)
  installed_postgres=1
fi
if [ "${#need[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
    say "安装系统软件包:${need[*]}"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null \
      || { say "系统软件包安装失败:${need[*]}。"; exit 1; }
  else
    say "缺少系统软件包:${need[*]}。请用系统的包管理器安装(需要管理员权限),或以 root 运行本脚本。"
    exit 1
  fi
fi

# --- PostgreSQL on 127.0.0.1:5432, trust auth, database "test" ---------------------------
if [ "${UNIONSTATS_SKIP_PG:-}" != "1" ]; then
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
  pg() { $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main "$1" 2>/dev/null || $SUDO pg_ctlcluster "$version" main "$1" 2>/dev/null; }
  if [ -n "$version" ] && command -v pg_ctlcluster >/dev/null; then
    if [ "$installed_postgres" -eq 1 ]; then
      # A cluster this script just installed is for the tests only: let the local test user
      # in over 127.0.0.1 without a password, as CI's server does (the package may have
      # started it already, so it is restarted to read the rule).
      hba="/etc/postgresql/$version/main/pg_hba.conf"
      grep -q "^host all all 127.0.0.1/32 trust" "$hba" || $SUDO sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
      pg restart || pg start || true
    elif ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
      pg start || true
    fi
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" 2>/dev/null | grep -q 1 \
      || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE test" \
      || { say "无法在 127.0.0.1:5432 上创建数据库 test:请检查 PostgreSQL 的 postgres 用户能否免密码登录。"; exit 1; }
  else
    say "PostgreSQL 没有在 127.0.0.1:5432 运行:请安装并启动它,或设 UNIONSTATS_SKIP_PG=1 只跑 SQLite 部分。"
    exit 1
  fi
fi

# --- Python packages and the suite --------------------------------------------------------
"$PYTHON" -m pip install -q -r requirements-dev.txt || { say "Python 依赖安装失败(requirements-dev.txt)。"; exit 1; }
# One worker per core (pytest-xdist); an idle worker takes tests from a busy one, which
# balances the few long tests (browser, benchmark, report files) best: on two cores the
# suite took 8.3 min this way, 9.9 min with a file per worker, 8.9 min with four workers.
"$PYTHON" -m pytest -n "${UNIONSTATS_TEST_WORKERS:-auto}" --dist worksteal "$@"
status=$?
if [ "$status" -eq 5 ]; then
  say "pytest 没有收集到任何测试:测试目录缺失,这是失败。"
  exit 1
fi
exit "$status"
