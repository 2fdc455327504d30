#!/usr/bin/env bash
# Creates the Secrets that deploy/kubernetes refers to, with random values, in the namespace okla:
# no secret is committed. Existing Secrets are left as they are (the broker's users and Erlang
# cookie must not change under running nodes); delete one to have it made again.
#   ./create-secrets.sh           create the missing Secrets in the current kubectl context
#   ./create-secrets.sh --print   print them as YAML instead (no cluster needed)
set -euo pipefail

namespace=okla
services=(vehicles billing auth notification analytics deadletters)

# Letters and digits only: the values go into URIs and JSON.
random() {
  local value
  value=$(head -c 96 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
  printf '%s' "${value:0:$1}"
}

# kubectl builds the object offline; it is then printed or created.
emit() {
  local name=$1; shift
  local yaml
  yaml=$(kubectl create secret generic "$name" --namespace "$namespace" --dry-run=client -o yaml "$@")
  if [[ ${print:-false} == true ]]; then
    printf -- '---\n%s\n' "$yaml"
  elif kubectl get secret "$name" --namespace "$namespace" >/dev/null 2>&1; then
    echo "secret/$name exists, kept"
  else
    printf '%s\n' "$yaml" | kubectl create -f -
  fi
}

[[ ${1:-} == --print ]] && print=true
if [[ ${print:-false} != true ]] && ! kubectl get namespace "$namespace" >/dev/null 2>&1; then
  kubectl create namespace "$namespace"
fi

# The nodes' shared Erlang secret.
emit rabbitmq-erlang-cookie --from-literal=cookie="$(random 48)"

# The broker's users: the administrator okla (management UI) and one per service.
users=(--from-literal=okla="$(random 32)")
connections=()
for service in "${services[@]}"; do
  password=$(random 32)
  users+=(--from-literal="$service=$password")
  connections+=(--from-literal="$service=amqp://$service:$password@rabbitmq:5672")
done
emit rabbitmq-users "${users[@]}"
# Each service's connection string, as its own user (key: the service).
emit okla-messaging "${connections[@]}"

redis_password=$(random 32)
emit redis --from-literal=password="$redis_password" --from-literal=connection-string="redis:6379,password=$redis_password"

# What a Prometheus scrape of the services' /metrics must send: Authorization: Bearer <scrape-token>.
emit okla-metrics --from-literal=scrape-token="$(random 40)"
