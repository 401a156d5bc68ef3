#!/usr/bin/env bash
# The README's NCA walk-through (seed 002), runnable after `make start` (test/integration/nca-readme.test.ts
# runs it on the real stack): key pairs and CSRs with openssl → a certificate at the State Corporation
# counter (operator) → `openssl verify` and `openssl ocsp` → a repeat application from the portal, signed
# with that certificate → its printed form's QR page → revoked at the counter → the CRL and `openssl ocsp`
# say revoked → a document signed after the revocation fails verification.
#   bash scripts/nca-walkthrough.sh            (API=http://localhost:3000, CREDS=.data/dev-credentials.json)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
API=${API:-http://localhost:3000}
CREDS=$(realpath "${CREDS:-$ROOT/.data/dev-credentials.json}")
WORK=${WORK:-$(mktemp -d)}
cd "$WORK"
H='content-type: application/json'
cred() { node -p "require('$CREDS').credentials.find(c => $1).token"; }
OP=$(cred "c.subject === 'dev-operator-astana-yesil'")
STS=$(cred "c.licensorBody === 'sts'")
PORTAL=$(cred "c.role === 'portal'")
field() { node -p "const v = JSON.parse(require('fs').readFileSync(0, 'utf8')).$1; v === undefined ? '' : v"; }
str() { node -p "JSON.stringify(require('fs').readFileSync('$1', 'utf8'))"; } # a file as a JSON string
# Waits until GET $1 (as $2) gives a JSON whose $3 equals $4.
wait_for() { for _ in $(seq 1 150); do [ "$(curl -s "$API$1" -H "authorization: Bearer $2" | field "$3")" = "$4" ] && return 0; sleep 0.4; done; echo "timeout: $1 $3 != $4" >&2; return 1; }
first_pem() { node -e "process.stdout.write(require('fs').readFileSync(0, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)[0] + '\n')"; }
IIN=850612300414
A1() { # the A1 form (seed 002 A1) over the public keys of two CSRs
  echo '{"form":"A1","iin":"'$IIN'","surname":"Сейітов","name":"Нұрлан","region":"Astana","city":"Astana",
  "email":"me@example.kz","phone":"+7 701 000 00 00","validityYears":1,"signaturePublicKey":'"$(str "$1.pub")"',
  "authenticationPublicKey":'"$(str "$2.pub")"',"consents":{"userAgreement":true,"personalData":true,
  "emailNotices":true,"policyRead":true},"appliedOn":"'"$(date +%F)"'"}'
}

echo "== 1. key pairs and CSRs (yours; only the public keys are sent)"
for k in sign auth sign2 auth2; do
  openssl req -new -newkey rsa:2048 -nodes -keyout $k.key -subj "/CN=SEIITOV NURLAN/serialNumber=IIN$IIN" -out $k.csr 2>/dev/null
  openssl req -in $k.csr -noout -pubkey > $k.pub
done

echo "== 2. at the State Corporation counter: a ticket, the operator calls it, enters the individual and form A1"
curl -s -X POST "$API/v1/counter/branches/astana-yesil/tickets" -H "authorization: Bearer $OP" -H "$H" -d '{}' > /dev/null
VISIT=$(curl -s -X POST "$API/v1/counter/branches/astana-yesil/call-next" -H "authorization: Bearer $OP" -H "$H" -d '{}' | field ticket.visitId)
curl -s -X POST "$API/v1/counter/visits/$VISIT/application" -H "authorization: Bearer $OP" -H "$H" -d '{
  "serviceCode":"nca-certificate-issue",
  "applicant":{"kind":"individual","iin":"'$IIN'","name":"Сейітов Нұрлан"},
  "form":{"category":1,"consentToProtectedData":true,"form":'"$(A1 sign auth)"'}}' > /dev/null
wait_for "/v1/counter/visits/$VISIT" "$OP" stage documents # the individuals database found the IIN
echo "== 3. the ¶9 checklist of category 1 marked, a scan, the operator's ECDS; forwarded at once"
SCAN=$(curl -s -X POST "$API/v1/counter/scans" -H "authorization: Bearer $OP" -H "$H" \
  -d "{\"fileName\":\"id-card.pdf\",\"mediaType\":\"application/pdf\",\"contentBase64\":\"$(printf '%%PDF-1.4 id %s' "$VISIT" | base64)\"}")
curl -s -X POST "$API/v1/counter/visits/$VISIT/sign" -H "authorization: Bearer $OP" -H "$H" \
  -d "{\"paperDocuments\":[\"application-form\",\"identity-document\"],\"scans\":[$SCAN]}" > /dev/null
wait_for "/v1/counter/visits/$VISIT" "$OP" stage forwarded
APP=$(curl -s "$API/v1/counter/visits/$VISIT" -H "authorization: Bearer $OP" | field forwarded.applicationId)
RECEIPT=$(curl -s "$API/v1/counter/visits/$VISIT" -H "authorization: Bearer $OP" | field receipt.ancn)
echo "   application $APP; receipt $RECEIPT, planned result $(curl -s "$API/v1/counter/visits/$VISIT" -H "authorization: Bearer $OP" | field receipt.plannedResultDate)"

echo "== 4. the provider's check (State Technical Service): nothing false, no court decision → the certificates"
wait_for "/v1/applications/$APP" "$STS" stage provider-check
curl -s -X POST "$API/v1/applications/$APP/actions/record-nca-check" -H "authorization: Bearer $STS" -H "$H" -H "idempotency-key: check-$APP" -d '{}' > /dev/null
wait_for "/v1/applications/$APP" "$STS" outcome issued
sleep 1 # the read model records the result document just after the case closes
DOC=$(curl -s "$API/v1/applications/$APP" -H "authorization: Bearer $STS" | field resultDocumentAncn)
curl -s "$API/v1/applications/$APP/documents/$DOC" -H "authorization: Bearer $STS" | first_pem > me.pem # signing first
echo "== 5. handed over at the branch, against the receipt"
curl -s -X POST "$API/v1/counter/hand-overs/$APP/receipt-presented" -H "authorization: Bearer $OP" -H "$H" -d "{\"receiptAncn\":\"$RECEIPT\"}" > /dev/null
curl -s -X POST "$API/v1/counter/hand-overs/$APP/hand-over" -H "authorization: Bearer $OP" -H "$H" -d '{"receivedBy":"the applicant in person"}' | field status

echo "== 6. OpenSSL: verify with the CRL, ask OCSP"
curl -s "$API/v1/pki/chain.pem" > chain.pem
curl -s "$API/v1/pki/ca.crt" | openssl x509 -inform DER > issuing.pem
curl -s "$API/v1/pki/crl" | openssl crl -inform DER > crl.pem
openssl verify -crl_check -CAfile chain.pem -CRLfile crl.pem me.pem # me.pem: OK
openssl ocsp -issuer issuing.pem -cert me.pem -url "$API/v1/pki/ocsp" -CAfile chain.pem 2>/dev/null | grep 'me.pem: good'

echo "== 7. the portal: a repeat application, signed with me.pem (seed 002 ¶9)"
echo "<RepeatApplication><Iin>$IIN</Iin><IssuedAt>$(date -u +%FT%TZ)</IssuedAt></RepeatApplication>" > request.xml
"$ROOT/node_modules/.bin/tsx" "$ROOT/scripts/nca.ts" sign request.xml --key sign.key --cert me.pem > request.signed.xml
REPEAT=$(curl -s -X POST "$API/v1/services/nca-certificate-issue/applications" -H "authorization: Bearer $PORTAL" -H "$H" \
  -H "idempotency-key: repeat-$(date +%s%N)" -d '{"package":{"category":1,"form":'"$(A1 sign2 auth2)"',
  "handedIn":["application-form","identity-document"],"representative":false,"consentToProtectedData":true},
  "signedRequest":'"$(str request.signed.xml)"'}')
REPEAT_ID=$(echo "$REPEAT" | field applicationId)
ANCN=$(echo "$REPEAT" | field ancn)
wait_for "/v1/applications/$REPEAT_ID" "$STS" stage provider-check
curl -s -X POST "$API/v1/applications/$REPEAT_ID/actions/record-nca-check" -H "authorization: Bearer $STS" -H "$H" -H "idempotency-key: check-$REPEAT_ID" -d '{}' > /dev/null
wait_for "/v1/applications/$REPEAT_ID" "$STS" outcome issued
echo "== 8. the signed application printed (its QR code opens the public page) and verified without login"
curl -s "$API/v1/applications/$REPEAT_ID/documents/$ANCN/print" -H "authorization: Bearer $PORTAL" > printed.html
echo "   $WORK/printed.html; the page: $API/web/verify.html?ancn=$ANCN"
curl -s "$API/v1/documents/$ANCN/verification" | field status # valid

echo "== 9. revoke me.pem at the counter (form A7, keyCompromise) — a new CRL at once (¶6(2))"
SERIAL=$(openssl x509 -in me.pem -noout -serial | cut -d= -f2)
curl -s -X POST "$API/v1/counter/branches/astana-yesil/tickets" -H "authorization: Bearer $OP" -H "$H" -d '{}' > /dev/null
VISIT=$(curl -s -X POST "$API/v1/counter/branches/astana-yesil/call-next" -H "authorization: Bearer $OP" -H "$H" -d '{}' | field ticket.visitId)
curl -s -X POST "$API/v1/counter/visits/$VISIT/application" -H "authorization: Bearer $OP" -H "$H" -d '{
  "serviceCode":"nca-certificate-revoke",
  "applicant":{"kind":"individual","iin":"'$IIN'","name":"Сейітов Нұрлан"},
  "form":{"reason":"keyCompromise","form":{"form":"A7","iin":"'$IIN'","fullName":"Сейітов Нұрлан","email":"me@example.kz",
    "phone":"+7 701 000 00 00","serials":["'"$SERIAL"'"],"consents":{"personalData":true},"appliedOn":"'"$(date +%F)"'"}}}' > /dev/null
wait_for "/v1/counter/visits/$VISIT" "$OP" stage documents
curl -s -X POST "$API/v1/counter/visits/$VISIT/sign" -H "authorization: Bearer $OP" -H "$H" \
  -d "{\"paperDocuments\":[\"application-form\",\"identity-document\"],\"scans\":[$SCAN]}" > /dev/null
wait_for "/v1/counter/visits/$VISIT" "$OP" stage forwarded
wait_for "/v1/applications/$(curl -s "$API/v1/counter/visits/$VISIT" -H "authorization: Bearer $OP" | field forwarded.applicationId)" "$STS" outcome issued

echo "== 10. the CRL lists it, OCSP says revoked, openssl verify refuses it"
curl -s "$API/v1/pki/crl" | openssl crl -inform DER > crl.pem
openssl crl -in crl.pem -noout -text | grep -i -A3 "$SERIAL" # Serial Number …, Key Compromise
openssl ocsp -issuer issuing.pem -cert me.pem -url "$API/v1/pki/ocsp" -CAfile chain.pem 2>/dev/null | grep 'me.pem: revoked'
if openssl verify -crl_check -CAfile chain.pem -CRLfile crl.pem me.pem; then exit 1; fi # error 23: certificate revoked

echo "== 11. the printed application (signed before the revocation) stays valid; a document signed now fails"
curl -s "$API/v1/documents/$ANCN/verification" | field status # valid-signed-before-revocation
echo "<Letter><IssuedAt>$(date -u +%FT%TZ)</IssuedAt><Text>signed after the revocation</Text></Letter>" > late.xml
"$ROOT/node_modules/.bin/tsx" "$ROOT/scripts/nca.ts" sign late.xml --key sign.key --cert me.pem > late.signed.xml
curl -s -X POST "$API/v1/documents/verify" -H 'content-type: application/xml' --data-binary @late.signed.xml | field reasons[0]
[ "$(curl -s -X POST "$API/v1/documents/verify" -H 'content-type: application/xml' --data-binary @late.signed.xml | field valid)" = false ]
echo "== done: $WORK"
