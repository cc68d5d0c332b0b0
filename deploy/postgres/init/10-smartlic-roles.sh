#!/bin/sh
# One LOGIN role per service owning only its schema in the smartlic database (ARCHITECTURE: "each service
# connects as its own Postgres role that owns only its schema"). Run by the postgres image on first start
# (/docker-entrypoint-initdb.d); idempotent, so a DBA can run it against an external Postgres too:
#   PGHOST=db.example PGUSER=postgres POSTGRES_DB=smartlic SMARTLIC_DB_PASSWORD_GATEWAY=... sh 10-smartlic-roles.sh
# Passwords: SMARTLIC_DB_PASSWORD_<SCHEMA> (GATEWAY, SYNC, REGISTRATION, LICENSE_MODE, APP_ADAPTER, REPORTING).
set -eu
db="${POSTGRES_DB:-smartlic}"
prefix="${SMARTLIC_DB_ROLE_PREFIX:-smartlic_}"

psql -v ON_ERROR_STOP=1 --no-psqlrc -q --username "${POSTGRES_USER:-${PGUSER:-postgres}}" --dbname "$db" -v db="$db" <<'SQL'
-- Nobody but the owner and the service roles connects; nobody creates objects in public.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL

for schema in gateway sync registration license_mode app_adapter reporting; do
  var="SMARTLIC_DB_PASSWORD_$(echo "$schema" | tr '[:lower:]' '[:upper:]')"
  password=$(eval "printf '%s' \"\${$var:-}\"")
  if [ -z "$password" ]; then
    echo "10-smartlic-roles.sh: $var is not set" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --no-psqlrc -q --username "${POSTGRES_USER:-${PGUSER:-postgres}}" --dbname "$db" \
    -v db="$db" -v schema="$schema" -v role="${prefix}${schema}" -v password="$password" <<'SQL'
SET client_min_messages = warning;
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE SCHEMA IF NOT EXISTS :"schema" AUTHORIZATION :"role";
ALTER SCHEMA :"schema" OWNER TO :"role";
ALTER ROLE :"role" IN DATABASE :"db" SET search_path = :"schema";
GRANT CONNECT ON DATABASE :"db" TO :"role";
SQL
  echo "role ${prefix}${schema} owns schema ${schema}"
done
