#!/usr/bin/env bash
# The walkthrough, offline: a service starts on secrets from a Key Vault-compatible server (the
# real Azure SDK and DefaultAzureCredential, a managed-identity token), a secret is rotated and
# the running service follows without a restart, the check command reports versions, and a
# service pointed at an unreachable vault refuses to start (exit status 69).
# Cleans up every process it started, also on Ctrl-C. Exits non-zero if a step does not hold.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
jar=$root/agent/target/secrets-agent.jar
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
step() { printf '\n== %s\n' "$*"; }

if [ ! -f "$jar" ] || [ ! -d it/target/classes ] || [ ! -d demo/target/classes ]; then
  step "building (mvn -B -q -DskipTests install; downloads on the first run)"
  mvn -B -q -ntp -DskipTests install
fi
mvn -B -q -ntp -o -pl it dependency:build-classpath -Dmdep.outputFile="$work/it.cp" -Dmdep.includeScope=runtime >/dev/null \
  || mvn -B -q -ntp -pl it dependency:build-classpath -Dmdep.outputFile="$work/it.cp" -Dmdep.includeScope=runtime >/dev/null

step "1. start a Key Vault-compatible HTTPS server on 127.0.0.1 with a managed-identity endpoint"
java -Dsun.net.httpserver.nodelay=true -cp "it/target/classes:$(cat "$work/it.cp")" \
  io.secretsagent.it.keyvault.KeyVaultServer --state-dir "$work/vault" \
  --seed db-password=first-db-password --seed jwt-secret-key=first-jwt-key > "$work/vault.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -f "$work/vault/server.env" ] && grep -q KEYVAULT_READY "$work/vault/server.env" && break; sleep 0.1; done
set -a; . "$work/vault/server.env"; set +a
echo "vault $AZURE_KEYVAULT_URL, token endpoint $IDENTITY_ENDPOINT"

# What a container image sets: the agent in JAVA_TOOL_OPTIONS, the backend, the keys.
trust=(-Djavax.net.ssl.trustStore="$KEYVAULT_TRUSTSTORE" -Djavax.net.ssl.trustStoreType=PKCS12
  -Djavax.net.ssl.trustStorePassword="$KEYVAULT_TRUSTSTORE_PASSWORD")
export SECRETS_BACKEND=azure_keyvault SECRETS_KEYS=DB_PASSWORD,JWT_SECRET_KEY
export SECRETS_AZURE_VERIFY_CHALLENGE_RESOURCE=false SECRETS_REFRESH_INTERVAL=1s
service=(java "${trust[@]}" -cp demo/target/classes io.secretsagent.demo.ConfigReporter)

step "2. the service without the agent: no secrets in its environment"
"${service[@]}" 1

step "3. the same service with JAVA_TOOL_OPTIONS=-javaagent:$jar"
JAVA_TOOL_OPTIONS="-javaagent:$jar" "${service[@]}" 16 > "$work/service.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "^service:" "$work/service.log" && break; sleep 0.1; done
cat "$work/service.log"
shown=$(wc -l < "$work/service.log")

step "4. rotate db-password in the vault (a new version); the running service follows"
java -cp "it/target/classes:$(cat "$work/it.cp")" io.secretsagent.demo.walkthrough.Rotate 2>/dev/null \
  || java "$root/demo/Rotate.java" "$KEYVAULT_ADMIN_URL" db-password second-db-password
wait "${pids[-1]}"
tail -n +$((shown + 1)) "$work/service.log"
first=$(grep -m1 "^service:" "$work/service.log" | sed 's/,.*//')
last=$(grep "^service:" "$work/service.log" | tail -1 | sed 's/,.*//')
[ "$first" != "$last" ] || { echo "FAILED: the service did not see the rotation"; exit 1; }
echo "rotation served without a restart: ${first#service: } -> ${last#service: }"

step "5. java -jar secrets-agent.jar check: what would be served, by version, never values"
java "${trust[@]}" -jar "$jar" check

step "6. an unreachable vault: the agent refuses to start the service (exit status 69)"
set +e
AZURE_KEYVAULT_URL=https://127.0.0.1:9 SECRETS_STARTUP_TIMEOUT=3s JAVA_TOOL_OPTIONS="-javaagent:$jar" "${service[@]}" 1
status=$?
set -e
echo "exit status: $status"
[ "$status" -eq 69 ] || { echo "FAILED: expected exit status 69"; exit 1; }

step "done: every step held"
