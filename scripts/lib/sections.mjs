// Reading a WebAssembly binary's sections by hand, for what binaryen's JS API does not give.

/** A cursor over `bytes`, reading unsigned LEB128 numbers and single bytes. */
export class Reader {
  constructor(bytes, at = 8 /* past the magic and the version */) {
    this.bytes = bytes;
    this.at = at;
  }

  leb() {
    let value = 0, shift = 0, byte;
    do {
      byte = this.bytes[this.at++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return value >>> 0;
  }

  byte() {
    return this.bytes[this.at++];
  }
}

/** Calls `visit(id, reader)` at the start of each section's contents, in order. */
export function eachSection(bytes, visit) {
  const reader = new Reader(bytes);
  while (reader.at < bytes.length) {
    const id = reader.byte();
    const end = reader.leb() + reader.at;
    visit(id, new Reader(bytes, reader.at));
    reader.at = end;
  }
}
