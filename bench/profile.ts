// What a V8 CPU profile (node --cpu-prof) says, summed: self time by
// function and by where the code comes from (a package, Next's bundled
// copy of a package, or one of our files). `npm run bench -- --profile`
// writes one for the server over a few hundred sign-ins and prints this.
import { readFileSync } from "node:fs";

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export type ProfileSummary = {
  totalMs: number;
  byFunction: { name: string; ms: number; share: number }[];
  byOrigin: { origin: string; ms: number; share: number }[];
};

/** Where a frame's code comes from, in a few words. */
function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const path = url.replace(/^file:\/\//, "");
  // Next compiles its own copies of React, its server and many packages into these bundles.
  const compiled = /next\/dist\/compiled\/([^/]+(?:\/[^/]+)?)/.exec(path);
  if (compiled) return `next/compiled/${compiled[1]!.replace(/\/cjs$|\/[^/]*\.js$/, "")}`;
  const nextDist = /next\/dist\/([^/]+\/[^/]+)/.exec(path);
  if (nextDist) return `next/dist/${nextDist[1]}`;
  const packages = path.split("node_modules/");
  if (packages.length > 1) {
    const rest = packages.at(-1)!.split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.includes("/.next/server/chunks/")) return ".next/server/chunks (app and bundled packages)";
  if (path.includes("/.next/")) return path.slice(path.indexOf("/.next/") + 1).replace(/\/[^/]*$/, "");
  if (path.startsWith("node:")) return path;
  return path.replace(process.cwd() + "/", "");
}

/**
 * `window` (ms since the profile started, which is close to the process's
 * start) keeps only the samples taken within it: the measured phases, not
 * the start-up and warm-up.
 */
export function summariseProfile(file: string, window: { fromMs: number; toMs: number }, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let elapsedUs = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    elapsedUs += delta;
    if (elapsedUs < window.fromMs * 1000 || elapsedUs > window.toMs * 1000) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const idle = new Set(["(idle)", "(program)"]);
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)!.callFrame;
    if (idle.has(frame.functionName)) continue;
    totalUs += us;
    const where = frame.url ? `${frame.url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "")}:${frame.lineNumber + 1}` : "";
    const name = `${frame.functionName || "(anonymous)"} ${where}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const origin = originOf(frame.url, frame.functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + us);
  }
  const ranked = <K extends string>(entries: Map<string, number>, key: K) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([label, us]) =>
          ({ [key]: label, ms: Math.round(us / 100) / 10, share: Math.round((us / totalUs) * 1000) / 10 }) as { [P in K]: string } & {
            ms: number;
            share: number;
          },
      );
  return { totalMs: Math.round(totalUs / 1000), byFunction: ranked(byFunction, "name"), byOrigin: ranked(byOrigin, "origin") };
}
