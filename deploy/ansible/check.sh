#!/usr/bin/env bash
# Checks the Ansible deployment without a board: syntax of the playbook and role, and the config
# the role's template renders with its defaults, judged by `edgeinfer check-config` (after
# `mvn package`). Installs ansible-core from apt if missing (~8 MB). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v ansible-playbook >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq install -y --no-install-recommends ansible-core
fi
export ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_LOCALHOST_WARNING=0
ansible-playbook --syntax-check -i deploy/ansible/inventory.example.ini deploy/ansible/site.yml
out=$(mktemp /tmp/edgeinfer-ansible.XXXXXX.yaml)
trap 'rm -f "$out"' EXIT
ansible-playbook -i localhost, -c local deploy/ansible/render-config.yml -e "out=$out" >/dev/null
# The package's demo model path does not exist on a build machine: point at the checkout's copy.
sed -i "s#/usr/share/edgeinfer/models/#$PWD/models/#" "$out"
bin/edgeinfer check-config "$out" >/dev/null
# The device page turned on for the network, with a token file: the rendered auth section is valid too.
token=$(mktemp /tmp/edgeinfer-ansible-token.XXXXXX)
trap 'rm -f "$out" "$token"' EXIT
echo "a-token-for-the-check" > "$token"
ansible-playbook -i localhost, -c local deploy/ansible/render-config.yml -e "out=$out" \
    -e edgeinfer_http_enabled=true -e edgeinfer_http_host=0.0.0.0 -e "edgeinfer_http_token_file=$token" >/dev/null
sed -i "s#/usr/share/edgeinfer/models/#$PWD/models/#" "$out"
grep -q "token_file: $token" "$out"
bin/edgeinfer check-config "$out" >/dev/null
# A fleet device: groups and a trusted key (the one keygen makes), models installed in a writable folder.
keys=$(mktemp -d /tmp/edgeinfer-ansible-keys.XXXXXX)
trap 'rm -rf "$out" "$token" "$keys"' EXIT
bin/edgeinfer keygen --out "$keys/ops" >/dev/null
pub=$(grep -v -- '-----' "$keys/ops.pub" | tr -d '\n')
ansible-playbook -i localhost, -c local deploy/ansible/render-config.yml -e "out=$out" \
    -e "{\"edgeinfer_fleet_groups\": [\"line-a\", \"pumps\"], \"edgeinfer_control_trusted_keys\": [\"$pub\"]}" \
    -e "edgeinfer_control_model_dir=$keys" >/dev/null
sed -i "s#/usr/share/edgeinfer/models/#$PWD/models/#" "$out"
grep -q 'groups: \["line-a", "pumps"\]' "$out"
grep -q "trusted_keys: \[\"$pub\"\]" "$out"
bin/edgeinfer check-config "$out" >/dev/null
echo "ansible: site.yml syntax OK; the rendered edgeinfer.yaml passes check-config (device page off, and on with a token; a fleet device with groups and a trusted key)"
