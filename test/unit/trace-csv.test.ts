import { csvCell, toCsv } from '../../server/features/trace/trace-csv';

describe('CSV cells of the trace export', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('Hs1A')).toBe('Hs1A');
    expect(csvCell(500)).toBe('500');
    expect(csvCell(null)).toBe('');
  });

  it('quotes commas, quotes and newlines, doubling inner quotes', () => {
    expect(csvCell('Shouguang, Shandong')).toBe('"Shouguang, Shandong"');
    expect(csvCell('the "A" lot')).toBe('"the ""A"" lot"');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
  });

  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd'])('neutralises a cell that starts like a formula: %j', (value) => {
    const cell = csvCell(value);
    expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('keeps a quoted formula neutralised inside its quotes', () => {
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('writes a header and CRLF-terminated rows', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, y', 1],
          [null, '=z'],
        ],
      ),
    ).toBe('a,b\r\n"x, y",1\r\n,\'=z\r\n');
  });
});
