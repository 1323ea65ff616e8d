#!/usr/bin/env bash
# The demo walkthrough. Until the demo service lands (issue: demo and walkthrough), this shows
# the agent on the file backend: an unmodified app reads DB_PASSWORD and JWT_SECRET_KEY from the
# environment, the agent serves them from a JSON file, and a bad configuration is refused.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jar=agent/target/secrets-agent.jar
if [ ! -f "$jar" ]; then
  echo "== building the agent (mvn -B -q -DskipTests package)"
  mvn -B -q -ntp -DskipTests package
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

umask 077
cat > "$work/secrets.json" <<'JSON'
{ "db-password": "demo-db-password", "jwt-secret-key": "demo-jwt-key" }
JSON
cat > "$work/App.java" <<'JAVA'
public class App {
  public static void main(String[] args) {
    String pw = System.getenv("DB_PASSWORD");
    System.out.println("app: DB_PASSWORD is " + (pw == null ? "missing" : pw.length() + " characters long"));
    System.out.println("app: JWT_SECRET_KEY is " + (System.getenv("JWT_SECRET_KEY") == null ? "missing" : "present"));
  }
}
JAVA

echo "== 1. the app without the agent"
java "$work/App.java"

echo "== 2. the same app with JAVA_TOOL_OPTIONS=-javaagent:$jar and the file backend"
JAVA_TOOL_OPTIONS="-javaagent:$jar" SECRETS_BACKEND=file SECRETS_FILE="$work/secrets.json" \
  SECRETS_KEYS="DB_PASSWORD,JWT_SECRET_KEY" java "$work/App.java"

echo "== 3. a key the backend lacks: the agent refuses to start (exit status 69)"
set +e
JAVA_TOOL_OPTIONS="-javaagent:$jar" SECRETS_BACKEND=file SECRETS_FILE="$work/secrets.json" \
  SECRETS_KEYS="DB_PASSWORD,API_KEY" java "$work/App.java"
status=$?
set -e
echo "exit status: $status"
[ "$status" -eq 69 ]
echo "== done"
