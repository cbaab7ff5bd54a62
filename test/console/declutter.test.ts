import { describe, expect, it } from 'vitest';
import { intersects, labelBox, placeLabels, type Box, type LabelToPlace } from '../../client/map/declutter';

const label = (id: string, x: number, y: number): LabelToPlace => ({ id, x, y, radius: 8, width: 60, height: 16 });

describe('officer label declutter', () => {
  it('puts a label on the right when nothing is there', () => {
    expect(placeLabels([], [label('a', 100, 100)]).get('a')).toBe('right');
  });

  it('moves a label off a commune name to the next free side, and its box then misses the name', () => {
    const communeName: Box = { left: 105, top: 85, right: 200, bottom: 115 };
    const a = label('a', 100, 100);
    const placement = placeLabels([communeName], [a]).get('a');
    expect(placement).toBe('left');
    expect(intersects(labelBox(a, 'left'), communeName)).toBe(false);
  });

  it('keeps two officers at one spot from covering each other: the second goes elsewhere or hides', () => {
    const placements = placeLabels([], [label('a', 100, 100), label('b', 100, 100)]);
    expect(placements.get('a')).toBe('right');
    expect(placements.get('b')).toBe('left');
  });

  it('hides a label with no free side, and never lets placed boxes overlap', () => {
    const wall: Box = { left: 0, top: 0, right: 400, bottom: 400 };
    expect(placeLabels([wall], [label('a', 100, 100)]).get('a')).toBe('hidden');

    const crowd = Array.from({ length: 30 }, (_, i) =>
      label(`o${i}`, 100 + (i % 6) * 15, 100 + Math.floor(i / 6) * 12),
    );
    const placements = placeLabels([], crowd);
    const boxes = crowd.flatMap((l) => {
      const p = placements.get(l.id);
      return p && p !== 'hidden' ? [labelBox(l, p)] : [];
    });
    expect(boxes.length).toBeGreaterThan(0);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(intersects(boxes[i]!, boxes[j]!)).toBe(false);
    // No label covers another officer's marker either.
    for (const box of boxes)
      for (const o of crowd)
        expect(intersects(box, { left: o.x - 8, right: o.x + 8, top: o.y - 8, bottom: o.y + 8 })).toBe(false);
  });
});
