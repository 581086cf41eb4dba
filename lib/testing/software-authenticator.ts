import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

// The authenticator side of WebAuthn, in software, for tests: a real P-256
// key made by node:crypto, the attestation and assertion built byte by byte
// as an authenticator does (CBOR by the library's own encoder), signed with
// that key. Only @simplewebauthn/server verifies; nothing here checks.

const base64url = (bytes: Uint8Array) => isoBase64URL.fromBuffer(new Uint8Array(bytes));
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

type Ceremony = { origin?: string; rpId?: string };

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly coseKey: Uint8Array;
  /** Synced passkeys keep no counter (always 0); a security key counts up. */
  counter: number;
  userHandle: string | undefined;

  constructor(private readonly options: { counts?: boolean; backedUp?: boolean; aaguid?: string; origin?: string; rpId?: string } = {}) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: "jwk" });
    this.coseKey = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, isoBase64URL.toBuffer(jwk.x!)],
        [-3, isoBase64URL.toBuffer(jwk.y!)],
      ]),
    );
    this.counter = 0;
  }

  get id(): string {
    return base64url(this.credentialId);
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private flags(extra: number): number {
    return FLAG_UP | FLAG_UV | (this.options.backedUp ? FLAG_BE | FLAG_BS : 0) | extra;
  }

  private counterBytes(value: number): Buffer {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(value);
    return bytes;
  }

  /** navigator.credentials.create(), answered. */
  register(options: PublicKeyCredentialCreationOptionsJSON, ceremony: Ceremony = {}): RegistrationResponseJSON {
    const origin = ceremony.origin ?? this.options.origin ?? "http://localhost:3000";
    const rpId = ceremony.rpId ?? options.rp.id ?? "localhost";
    this.userHandle = options.user.id;
    const aaguid = Buffer.from((this.options.aaguid ?? "00000000-0000-0000-0000-000000000000").replace(/-/g, ""), "hex");
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.flags(FLAG_AT)]),
      this.counterBytes(this.counter),
      aaguid,
      idLength,
      this.credentialId,
      this.coseKey,
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", new Uint8Array(authData)],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: base64url(this.clientData("webauthn.create", options.challenge, origin)),
        attestationObject: base64url(attestationObject),
        transports: ["internal"],
      },
    };
  }

  /** navigator.credentials.get(), answered; `as` makes another credential's claims with this key. */
  assert(
    options: PublicKeyCredentialRequestOptionsJSON,
    ceremony: Ceremony & { userHandle?: string; credentialId?: string; counter?: number } = {},
  ): AuthenticationResponseJSON {
    const origin = ceremony.origin ?? this.options.origin ?? "http://localhost:3000";
    const rpId = ceremony.rpId ?? options.rpId ?? "localhost";
    if (this.options.counts && ceremony.counter === undefined) this.counter += 1;
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(0)]), this.counterBytes(ceremony.counter ?? this.counter)]);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, origin);
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    const id = ceremony.credentialId ?? this.id;
    return {
      id,
      rawId: id,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: base64url(clientDataJSON),
        authenticatorData: base64url(authData),
        signature: base64url(signature),
        userHandle: ceremony.userHandle ?? this.userHandle,
      },
    };
  }
}
