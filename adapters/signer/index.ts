/**
 * Picks the DocumentSigner from configuration (SIGNER): the local signer with the test chain in
 * signingKeysDir (generated on first use), or NCANode at NCANODE_URL — by default the bundled
 * simulator at `${simulatorsUrl}/ncanode`, with the PKCS#12 keys from the same directory.
 */
import type { Config } from '../../config';
import { LocalXmlSigner } from './local';
import { NcaNodeSigner } from './ncanode';
import type { DocumentSigner } from './port';

export async function createDocumentSigner(adapters: Config['adapters']): Promise<DocumentSigner> {
  if (adapters.signer === 'ncanode') {
    return NcaNodeSigner.fromDir(adapters.ncanodeUrl ?? `${adapters.simulatorsUrl}/ncanode`, adapters.signingKeysDir);
  }
  return LocalXmlSigner.fromDir(adapters.signingKeysDir);
}

export { LocalXmlSigner } from './local';
export { NcaNodeSigner } from './ncanode';
export { RevocationUnknownError, SignerRejectedError, SignerUnavailableError } from './errors';
export { signatureRefOf, verifyXml } from './xmldsig';
export { ensureTestPki, ROOT_CA_COMMON_NAME } from './pki';
