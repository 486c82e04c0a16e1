import { suppressCells, suppressFigure } from '../../src/reach/suppression';

describe('small-cell suppression', () => {
  it('hides every cell below k as "<k" and leaves the others alone', () => {
    expect(suppressCells([12, 4, 0, 7], 5)).toEqual([12, '<5', '<5', 7]);
    expect(suppressCells([5, 6], 5)).toEqual([5, 6]);
    expect(suppressCells([9, 3, 9, 1], 10)).toEqual(['<10', '<10', '<10', '<10']);
  });

  it('hides a second cell when one hidden cell could be recovered from the total by subtraction', () => {
    // Total 40 is published: 40 - 12 - 20 = 3 would give the hidden cell away.
    expect(suppressCells([12, 3, 20, 5], 5)).toEqual([12, '<5', 20, '≥5']);
    expect(suppressCells([8, 2], 5)).toEqual(['≥5', '<5']);
    expect(suppressCells([2], 5)).toEqual(['<5']);
  });

  it('hides a support figure below k', () => {
    expect(suppressFigure(4, 5)).toBe('<5');
    expect(suppressFigure(0, 5)).toBe('<5');
    expect(suppressFigure(5, 5)).toBe(5);
  });
});
