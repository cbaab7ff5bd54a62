import { describe, expect, it } from 'vitest';
import { ClusterSchema, describeIssues } from '../../shared/cluster';
import { seedClusterJson } from '../support/cluster-fixture';

type RawCluster = Record<string, unknown> & {
  communes: Record<string, unknown>[];
  officers: Record<string, unknown>[];
};
const raw = () => seedClusterJson() as RawCluster;

describe('cluster schema', () => {
  it('accepts the default cluster: six communes, 18 officers, six areas', () => {
    const cluster = ClusterSchema.parse(raw());
    expect(cluster.communes.map((c) => c.id)).toEqual([
      'phu-long',
      'ky-phu',
      'cuc-phuong',
      'thanh-van',
      'thanh-cong',
      'thanh-minh',
    ]);
    expect(cluster.officers).toHaveLength(18);
    expect(cluster.areas.features).toHaveLength(6);
  });

  it('names the bad field of a malformed file', () => {
    const data = raw();
    (data.communes[2]!.post as { location: { lat: unknown } }).location.lat = 'north';
    const result = ClusterSchema.safeParse(data);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error)).toContain('communes.2.post.location.lat');
  });

  it('refuses an officer of a commune the file does not have', () => {
    const data = raw();
    data.officers[0]!.commune = 'thanh-con';
    const result = ClusterSchema.safeParse(data);
    expect(result.success).toBe(false);
    if (!result.success)
      expect(describeIssues(result.error)).toMatch(/officers\.0\.commune: unknown commune "thanh-con"/);
  });
});
