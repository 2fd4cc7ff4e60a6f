#!/usr/bin/env bash
# An out-of-process metric plugin for EcosystemImpact in plain bash (grep and sed only).
# One metric, demo.months_reported: how many months of financials an organisation's quarter rests on —
# 3 for every quarter it reports (a quarter row or three month rows). It shows the protocol in its
# simplest form: read a line, answer a line.
set -u
while IFS= read -r line; do
    case "$line" in
    *'"type": "describe"'* | *'"type":"describe"'*)
        printf '%s\n' '{"type": "describe", "protocol": "1.0", "plugin": "demo", "metrics": [{"id": "demo.months_reported", "title": "Months reported", "summary": "Months of financials behind the quarter: 3 when the organisation reports.", "unit": "count", "direction": "higher_is_better", "additive": false}], "tables": {"financials": ["org_id", "quarter"]}}'
        ;;
    *'"type": "compute"'* | *'"type":"compute"'*)
        request=$(printf '%s' "$line" | sed -n 's/.*"request": *\([0-9]*\).*/\1/p')
        quarters=$(printf '%s' "$line" | sed -n 's/.*"quarters": *\[\([^]]*\)\].*/\1/p' | tr -d '" ' | tr ',' ' ')
        orgs=$(printf '%s' "$line" | sed -n 's/.*"organizations": *\[\([^]]*\)\].*/\1/p' | sed 's/", *"/\n/g; s/^"//; s/"$//')
        financials=$(printf '%s' "$line" | grep -o '"org_id": *"[^"]*", *"quarter": *"[^"]*"')
        out=""
        while IFS= read -r org; do
            [ -z "$org" ] && continue
            for quarter in $quarters; do
                if printf '%s\n' "$financials" | grep -qF "\"org_id\": \"$org\", \"quarter\": \"$quarter\""; then
                    value='3'
                else
                    value='null, "reason": "no_data"'
                fi
                out="$out{\"metric\": \"demo.months_reported\", \"org\": \"$org\", \"quarter\": \"$quarter\", \"value\": $value}, "
            done
        done <<< "$orgs"
        printf '{"type": "observations", "request": %s, "observations": [%s]}\n' "$request" "${out%, }"
        ;;
    *'"type": "shutdown"'* | *'"type":"shutdown"'*)
        exit 0
        ;;
    *)
        printf '%s\n' '{"type": "error", "error": "unknown request"}'
        ;;
    esac
done
