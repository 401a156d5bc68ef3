/**
 * Picks the DocumentSigner from configuration (SIGNER): the local signer with the NCA-issued keys in
 * signingKeysDir (issued on first use), or NCANode at NCANODE_URL — by default the bundled
 * simulator at `${simulatorsUrl}/ncanode`, with the PKCS#12 keys from the same directory.
 */
import type { Config } from '../../config';
import { caKeyStoreFor } from '../../pki/setup';
import { LocalXmlSigner } from './local';
import { NcaNodeSigner } from './ncanode';
import type { DocumentSigner } from './port';

export async function createDocumentSigner(adapters: Config['adapters'], publicBaseUrl?: string): Promise<DocumentSigner> {
  // The keys' CDP and AIA name the API's /v1/pki routes (pki/setup.ts authorityUrls).
  const caKeys = caKeyStoreFor(adapters.ncaPkcs11);
  const pki = { ...(publicBaseUrl ? { publicBaseUrl } : {}), ...(caKeys ? { caKeys } : {}) };
  if (adapters.signer === 'ncanode') {
    return NcaNodeSigner.fromDir(adapters.ncanodeUrl ?? `${adapters.simulatorsUrl}/ncanode`, adapters.signingKeysDir, {}, pki);
  }
  return LocalXmlSigner.fromDir(adapters.signingKeysDir, undefined, pki);
}

export { LocalXmlSigner } from './local';
export { NcaNodeSigner } from './ncanode';
export { RevocationUnknownError, SignerRejectedError, SignerUnavailableError } from './errors';
export { signatureRefOf, verifyXml } from './xmldsig';
export { ensureTestPki, ROOT_CA_COMMON_NAME } from './pki';
