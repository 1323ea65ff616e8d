#!/usr/bin/env bash
# The walkthrough, offline, no cloud account, no Docker:
#   a private PostgreSQL (password auth) and a Key Vault-compatible HTTPS server start; secrets are
#   seeded through the real Azure SDK; the orders service starts with the agent in
#   JAVA_TOOL_OPTIONS, as a container image would start it; an independent driver sends traffic and
#   counts every failed request; the database password is rotated (database, then vault) and the
#   service follows without a restart; then an unreachable vault stops a start-up (exit status 69).
# Cleans up every process it started, also on Ctrl-C. Exits non-zero if a step does not hold.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
jar=$root/agent/target/secrets-agent.jar
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
secret() { od -An -N18 -tx1 /dev/urandom | tr -d ' \n'; }
await() { # await <seconds> <command...>: retries the command every 0.2 s
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}
command -v curl >/dev/null || fail "curl is needed (apt-get install curl)"

cp_file=it/tests/target/test.classpath # written by the it/tests module's build
if [ ! -f "$jar" ] || [ ! -f demo/target/demo.jar ] || [ ! -f "$cp_file" ] || [ ! -d it/tests/target/test-classes ]; then
  step "0. build (mvn -B -DskipTests install; downloads on the first run only)"
  mvn -B -q -ntp -DskipTests install
fi
tools=(java -Dsun.net.httpserver.nodelay=true -cp "it/tests/target/test-classes:$(cat "$cp_file")")
operator=("${tools[@]}" io.secretsagent.it.walkthrough.Operator)

step "1. a private PostgreSQL 15 with scram-sha-256 password auth; role orders_app"
db_password=$(secret)
"${operator[@]}" postgres "$work/pg" orders_app "$db_password" > "$work/pg.log" 2>&1 &
pids+=($!)
await 60 grep -q POSTGRES_READY "$work/pg/postgres.env" || { cat "$work/pg.log"; fail "PostgreSQL did not start"; }
cat "$work/pg.log"
set -a; . "$work/pg/postgres.env"; set +a

step "2. a Key Vault-compatible HTTPS server with a managed-identity endpoint"
"${tools[@]}" io.secretsagent.it.keyvault.KeyVaultServer --state-dir "$work/vault" > "$work/vault.log" 2>&1 &
pids+=($!)
await 30 grep -q KEYVAULT_READY "$work/vault/server.env" || { cat "$work/vault.log"; fail "the vault did not start"; }
set -a; . "$work/vault/server.env"; set +a
echo "vault $AZURE_KEYVAULT_URL, managed identity at $IDENTITY_ENDPOINT"
trust=(-Djavax.net.ssl.trustStore="$KEYVAULT_TRUSTSTORE" -Djavax.net.ssl.trustStoreType=PKCS12
  -Djavax.net.ssl.trustStorePassword="$KEYVAULT_TRUSTSTORE_PASSWORD")
operator=("${tools[@]}" "${trust[@]}" io.secretsagent.it.walkthrough.Operator)

step "3. the operator seeds the secrets through the Azure SDK (SecretClient, DefaultAzureCredential)"
admin_key=$(secret)
"${operator[@]}" set-secret db-password "$db_password" 2>/dev/null
"${operator[@]}" set-secret jwt-secret-key "$(secret)" 2>/dev/null
"${operator[@]}" set-secret orders-admin-key "$admin_key" 2>/dev/null

step "4. the orders service starts with JAVA_TOOL_OPTIONS=-javaagent:$jar"
# What a container image sets: the agent, the backend, the keys it manages. DB_URL and DB_USERNAME
# are plain configuration; the identity comes from IDENTITY_ENDPOINT, as on Azure.
export SECRETS_BACKEND=azure_keyvault SECRETS_KEYS=DB_PASSWORD,JWT_SECRET_KEY
export SECRETS_PROPERTIES=orders.admin.key SECRETS_REFRESH_INTERVAL=2s
export SECRETS_AZURE_VERIFY_CHALLENGE_RESOURCE=false # a local vault; never on Azure
echo "SECRETS_BACKEND=$SECRETS_BACKEND SECRETS_KEYS=$SECRETS_KEYS SECRETS_PROPERTIES=$SECRETS_PROPERTIES"
JAVA_TOOL_OPTIONS="-javaagent:$jar" PORT=0 java "${trust[@]}" -jar demo/target/demo.jar > "$work/service.log" 2>&1 &
pids+=($!)
service_pid=$!
await 30 grep -q "listening on" "$work/service.log" || { cat "$work/service.log"; fail "the service did not start"; }
grep -v "^Picked up\|^\[.*\] INFO com.zaxxer" "$work/service.log" || true
url=$(sed -n 's/^orders: listening on //p' "$work/service.log")
health() { curl -sf -H "X-Admin-Key: $admin_key" "$url/health"; }
token=$(curl -sf -X POST "$url/token?user=alice" | sed 's/.*"token":"\([^"]*\)".*/\1/')
echo "POST /token?user=alice -> a token signed with JWT_SECRET_KEY"
echo "POST /orders -> $(curl -sf -H "Authorization: Bearer $token" -d 'a blue teapot' "$url/orders")"
echo "GET /orders -> $(curl -sf -H "Authorization: Bearer $token" "$url/orders")"
await 10 sh -c "curl -sf -H 'X-Admin-Key: $admin_key' '$url/health' | grep -q swaps" \
  || fail "the agent did not publish its HikariCP binding"
echo "GET /health (X-Admin-Key from the system property orders.admin.key) ->"
health; echo

step "5. an independent driver: 4 clients, each placing and reading orders in a loop"
java -cp demo/target/demo.jar io.secretsagent.demo.driver.TrafficDriver "$url" 4 "$work/stop-driver" \
  > "$work/driver.log" 2>&1 &
pids+=($!)
driver_pid=$!
sleep 4
cat "$work/driver.log"

step "6. rotate the database password: the database first, then the vault"
old_password=$db_password
db_password=$(secret)
rotated_at=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
"${operator[@]}" alter-password "$work/pg" orders_app "$db_password"
"${operator[@]}" set-secret db-password "$db_password" 2>/dev/null
echo "rotated at $rotated_at; the agent refreshes every $SECRETS_REFRESH_INTERVAL, validates, swaps, evicts"
sessions_after_rotation() {
  health | tr -d ' \n' | sed 's/.*"sessions":\[\([^]]*\)\].*/\1/' | tr ',' '\n' | tr -d '"' \
    | awk -v t="$rotated_at" 'NF { n++; if ($0 > t) new++ } END { exit !(n > 0 && n == new) }'
}
await 30 sessions_after_rotation || { health; fail "sessions from before the rotation are still open"; }
echo "every database session of the service started after the rotation:"
health; echo

step "7. the old password is refused by PostgreSQL, the new one (served by the agent) is accepted"
if "${operator[@]}" login "$work/pg" orders_app "$old_password"; then fail "the old password still works"; fi
"${operator[@]}" login "$work/pg" orders_app "$db_password" || fail "the new password is refused"
grep "rotat\|swap" "$work/service.log" || true

step "8. traffic kept flowing through the rotation"
sleep 3
touch "$work/stop-driver"
driver_status=0
wait "$driver_pid" || driver_status=$?
tail -n 4 "$work/driver.log"
[ "$driver_status" -eq 0 ] || fail "the driver counted failed requests"
grep -q "failed: 0$" "$work/driver.log" || fail "the driver did not report its count"
kill "$service_pid"
wait "$service_pid" 2>/dev/null || true

step "9. java -jar secrets-agent.jar check: what would be served, by version, never values"
java "${trust[@]}" -jar "$jar" check

step "10. an unreachable vault: the agent refuses to start the service (exit status 69)"
set +e
AZURE_KEYVAULT_URL=https://127.0.0.1:9 SECRETS_STARTUP_TIMEOUT=3s JAVA_TOOL_OPTIONS="-javaagent:$jar" \
  java "${trust[@]}" -jar demo/target/demo.jar 2>&1 | grep -v "^Picked up"
status=${PIPESTATUS[0]}
set -e
echo "exit status: $status"
[ "$status" -eq 69 ] || fail "expected exit status 69"

step "done: 0 failed requests through a live password rotation; every step held"
