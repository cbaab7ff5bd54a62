// The map components shared by the console and the post's location picker.
export { ClusterMap, type ClusterMapProps, type TileConfig } from './cluster-map';
export { OfficerLayer, isStaleFix, type OfficerMarkerData, type OfficerLayerProps } from './officer-layer';
export { RequestLayer, type RequestMarkerData, type ResponderLine, type RequestLayerProps } from './request-layer';
export { communeColours, OFFICER_STATUS_COLOURS, STALE_FIX_MS, type OfficerMapStatus } from './area-style';
export { provinceBorderSegments, joinSegments } from './province-border';
export { PlaceSearchBox } from './place-search-box';
export { useMapData } from './use-map-data';
export { PanTo } from './pan-to';
