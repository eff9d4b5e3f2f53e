import { attachmentHeader } from './download';

describe('attachmentHeader', () => {
  it('always downloads, with the UTF-8 name and an ASCII stand-in', () => {
    expect(attachmentHeader('Prosjektskisse å.pdf')).toBe(`attachment; filename="Prosjektskisse a.pdf"; filename*=UTF-8''Prosjektskisse%20%C3%A5.pdf`);
  });

  it('cannot be broken out of by quotes or semicolons in the name', () => {
    const header = attachmentHeader('a"; filename=evil.html; x=".pdf');
    expect(header).toMatch(/^attachment; filename="a_; filename=evil.html; x=_.pdf"; filename\*=UTF-8''a%22%3B%20filename%3Devil.html%3B%20x%3D%22.pdf$/);
  });

  it("escapes the characters RFC 5987 leaves out of a bare value", () => {
    expect(attachmentHeader("it's (final)*.odt")).toContain("filename*=UTF-8''it%27s%20%28final%29%2A.odt");
  });
});
