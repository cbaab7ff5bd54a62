// Where each officer's label goes so that it covers no commune name, post, request or other label: for each
// label in turn, the first free side of its marker (right, left, above, below), else hidden until hovered.
// Pure and in screen pixels, so it is tested without a browser and runs in well under a millisecond for 18.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface LabelToPlace {
  id: string;
  /** The marker's centre, container pixels. */
  x: number;
  y: number;
  /** The marker's radius: labels keep clear of it. */
  radius: number;
  width: number;
  height: number;
}

export type Placement = 'right' | 'left' | 'top' | 'bottom' | 'hidden';
export const PLACEMENTS: readonly Exclude<Placement, 'hidden'>[] = ['right', 'left', 'top', 'bottom'];

/** Space kept between a label and its marker, and between any two boxes. */
export const LABEL_GAP = 3;

export function intersects(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** The label's box for a placement, centred on the marker's side. */
export function labelBox(label: LabelToPlace, placement: Exclude<Placement, 'hidden'>): Box {
  const { x, y, radius, width, height } = label;
  const d = radius + LABEL_GAP;
  switch (placement) {
    case 'right':
      return { left: x + d, right: x + d + width, top: y - height / 2, bottom: y + height / 2 };
    case 'left':
      return { left: x - d - width, right: x - d, top: y - height / 2, bottom: y + height / 2 };
    case 'top':
      return { left: x - width / 2, right: x + width / 2, top: y - d - height, bottom: y - d };
    case 'bottom':
      return { left: x - width / 2, right: x + width / 2, top: y + d, bottom: y + d + height };
  }
}

const grow = (b: Box, by: number): Box => ({
  left: b.left - by,
  top: b.top - by,
  right: b.right + by,
  bottom: b.bottom + by,
});

/**
 * Places labels in the given order (callers put the ones that matter most first). Every marker is an obstacle
 * for every label, so a label never covers another officer either.
 */
export function placeLabels(obstacles: readonly Box[], labels: readonly LabelToPlace[]): Map<string, Placement> {
  const taken: Box[] = [
    ...obstacles.map((b) => grow(b, LABEL_GAP)),
    ...labels.map((l) => ({
      left: l.x - l.radius,
      right: l.x + l.radius,
      top: l.y - l.radius,
      bottom: l.y + l.radius,
    })),
  ];
  const result = new Map<string, Placement>();
  for (const label of labels) {
    const placement = PLACEMENTS.find((p) => {
      const box = labelBox(label, p);
      return !taken.some((t) => intersects(box, t));
    });
    if (placement) taken.push(grow(labelBox(label, placement), LABEL_GAP));
    result.set(label.id, placement ?? 'hidden');
  }
  return result;
}
