/**
 * OCSP (RFC 6960) request building and response reading with @peculiar/asn1-ocsp: a request for one
 * certificate (CertID with SHA-1, as responders expect), and the status, validity and serial of the answer.
 *
 * Invariant: no signature checks here — the stapled response is verified by the client; rws only staples
 * answers whose serial is the certificate's and whose status is `good`.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import { BasicOCSPResponse, CertID, OCSPRequest, OCSPResponse, OCSPResponseStatus, Request, TBSRequest, id_pkix_ocsp_basic } from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';

const SHA1 = '1.3.14.3.2.26';

export function ocspRequestDer(leaf: X509Certificate, issuer: X509Certificate): Buffer {
  const issuerCert = AsnConvert.parse(issuer.raw, Certificate);
  const nameDer = Buffer.from(AsnConvert.serialize(issuerCert.tbsCertificate.subject));
  const keyBits = Buffer.from(issuerCert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  const leafCert = AsnConvert.parse(leaf.raw, Certificate);
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: null }),
    issuerNameHash: new OctetString(createHash('sha1').update(nameDer).digest()),
    issuerKeyHash: new OctetString(createHash('sha1').update(keyBits).digest()),
    serialNumber: leafCert.tbsCertificate.serialNumber,
  });
  const request = new OCSPRequest({ tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: certId })] }) });
  return Buffer.from(AsnConvert.serialize(request));
}

export interface OcspAnswer {
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly thisUpdate: number;
  /** null when the responder gives none (then rws refreshes hourly). */
  readonly nextUpdate: number | null;
}

export function readOcspResponse(der: Buffer, leaf: X509Certificate): OcspAnswer {
  const response = AsnConvert.parse(der, OCSPResponse);
  if (response.responseStatus !== OCSPResponseStatus.successful || response.responseBytes === undefined) {
    throw new Error(`OCSP responder status ${OCSPResponseStatus[response.responseStatus] ?? response.responseStatus}`);
  }
  if (response.responseBytes.responseType !== id_pkix_ocsp_basic) throw new Error(`unsupported OCSP response type ${response.responseBytes.responseType}`);
  const basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  const serial = Buffer.from(AsnConvert.parse(leaf.raw, Certificate).tbsCertificate.serialNumber);
  const single = basic.tbsResponseData.responses.find((r) => Buffer.from(r.certID.serialNumber).equals(serial));
  if (single === undefined) throw new Error('the OCSP response is not about this certificate');
  const status = single.certStatus.revoked !== undefined ? 'revoked' : single.certStatus.good !== undefined ? 'good' : 'unknown';
  return { status, thisUpdate: single.thisUpdate.getTime(), nextUpdate: single.nextUpdate?.getTime() ?? null };
}
