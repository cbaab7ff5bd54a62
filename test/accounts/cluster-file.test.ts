import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadClusterFile } from '../../server/cluster-file';
import { DEFAULT_CLUSTER_FILE } from '../../server/config';
import { seedClusterJson } from '../support/cluster-fixture';
import { makeTempDir, removeDirs } from './helpers';

const dirs: string[] = [];
afterEach(() => removeDirs(dirs));

async function writeCluster(content: string): Promise<string> {
  const dir = await makeTempDir('cluster');
  dirs.push(dir);
  const file = path.join(dir, 'my-cluster.json');
  await fs.writeFile(file, content);
  return file;
}

async function defaultClusterJson(): Promise<Record<string, unknown> & { communes: Record<string, unknown>[] }> {
  return seedClusterJson() as Record<string, unknown> & {
    communes: Record<string, unknown>[];
  };
}

describe('cluster file', () => {
  it('loads the default cluster file with its communes and officers', () => {
    const cluster = loadClusterFile(DEFAULT_CLUSTER_FILE);
    expect(cluster.communes.length).toBeGreaterThan(0);
    expect(cluster.officers.every((o) => cluster.communes.some((c) => c.id === o.commune))).toBe(true);
  });

  it('loads another cluster of a different size from another file', async () => {
    const json = await defaultClusterJson();
    const kept = json.communes.slice(0, 2);
    const keptIds = new Set(kept.map((c) => c.id));
    const officers = (json.officers as { commune: string }[]).filter((o) => keptIds.has(o.commune));
    const areas = json.areas as { features: { properties: { commune: string } }[] };
    const smaller = {
      ...json,
      communes: kept,
      officers,
      neighbours: [],
      areas: { ...areas, features: areas.features.filter((f) => keptIds.has(f.properties.commune)) },
    };
    const cluster = loadClusterFile(await writeCluster(JSON.stringify(smaller)));
    expect(cluster.communes.map((c) => c.id)).toEqual([...keptIds]);
  });

  it('names the file and the bad field when a post latitude is not a number', async () => {
    const json = await defaultClusterJson();
    const third = json.communes[2] as { post: { location: { lat: unknown } } };
    third.post.location.lat = 'twenty';
    const file = await writeCluster(JSON.stringify(json));
    expect(() => loadClusterFile(file)).toThrow(file);
    expect(() => loadClusterFile(file)).toThrow(/communes\.2\.post\.location\.lat: .*expected number/);
  });

  it('names an officer whose commune is not in the file', async () => {
    const json = await defaultClusterJson();
    (json.officers as { commune: string }[])[4]!.commune = 'atlantis';
    const file = await writeCluster(JSON.stringify(json));
    expect(() => loadClusterFile(file)).toThrow(/officers\.4\.commune: unknown commune "atlantis"/);
  });

  it('names a missing required field', async () => {
    const json = await defaultClusterJson();
    delete json.map;
    const file = await writeCluster(JSON.stringify(json));
    expect(() => loadClusterFile(file)).toThrow(/: map: /);
  });

  it('gives the line and column of a JSON syntax error', async () => {
    const file = await writeCluster('{\n  "id": "x",\n  "name": oops\n}\n');
    expect(() => loadClusterFile(file)).toThrow(
      new RegExp(`cluster file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON.*line 3, column 11`),
    );
  });

  it('gives the line of a trailing comma', async () => {
    const file = await writeCluster('{\n  "id": "x",\n}\n');
    expect(() => loadClusterFile(file)).toThrow(/not valid JSON.*line 3, column 1/);
  });

  it('says when the file cannot be read', () => {
    expect(() => loadClusterFile('/nonexistent/cluster.json')).toThrow(
      /cluster file \/nonexistent\/cluster\.json: cannot read it/,
    );
  });
});
