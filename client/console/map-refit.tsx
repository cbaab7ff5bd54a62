// After the console's layout changes size (a window resize, the alarm banner coming and going), the
// map is told its new size and fits the cluster again, unless the dispatcher has panned or zoomed
// it by hand since: then only the size is corrected, the view is theirs.
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import type { Cluster } from '../../shared/cluster';

export function MapRefit({ bounds }: { bounds: Cluster['map']['bounds'] }) {
  const map = useMap();
  useEffect(() => {
    const container = map.getContainer();
    let touched = false;
    const byHand = () => {
      touched = true;
    };
    container.addEventListener('pointerdown', byHand);
    container.addEventListener('wheel', byHand, { passive: true });
    container.addEventListener('keydown', byHand);
    let last = { width: container.clientWidth, height: container.clientHeight };
    const observer = new ResizeObserver(() => {
      const size = { width: container.clientWidth, height: container.clientHeight };
      if (size.width === last.width && size.height === last.height) return;
      last = size;
      map.invalidateSize();
      if (!touched) {
        map.fitBounds(
          [
            [bounds.south, bounds.west],
            [bounds.north, bounds.east],
          ],
          { animate: false },
        );
      }
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      container.removeEventListener('pointerdown', byHand);
      container.removeEventListener('wheel', byHand);
      container.removeEventListener('keydown', byHand);
    };
  }, [map, bounds]);
  return null;
}
