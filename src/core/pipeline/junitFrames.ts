// Where a failed test points: the frame of the test's own code in its stack trace, not the
// assertion library's. Java and Kotlin frames name their class, so the frame of the test
// class wins (`com.acme.OrderTest.totals(OrderTest.java:42)` over `Assert.java:89`); .NET
// writes `in /path/File.cs:line 42`; other stacks give `path/file.ext:12(:3)`, where
// dependencies and runtime internals are skipped.

/** A source position found in a failure. */
export interface Frame {
  file: string;
  line: number;
  /** For JVM frames: the file's path from its package, e.g. "com/acme/OrderTest.java". */
  packagePath?: string;
}

// `at app//com.acme.OrderTest.totals(OrderTest.java:42)`: Gradle and the module system put a loader/module prefix before the class.
// Kotlin allows spaces in test method names (`fun `applies coupon`()`).
const jvmFrame = /\bat\s+(?:[\w.@-]*\/+)*([\w$.]+)\.[^().\n]+\(([\w$-]+\.(?:java|kt|kts|scala|groovy)):(\d+)\)/g;
const dotnetFrame = /\bin\s+((?:[A-Za-z]:)?[^\s:]*[\\/][^\s:]+\.(?:cs|fs|vb)):line\s+(\d+)/g;
const genericFrame = /(?:^|[\s(])((?:[A-Za-z]:)?[\w@.\\/-]+\.[A-Za-z]+):(\d+)(?::\d+)?/gm;
/** Classes of test frameworks and the runtime: their frames are never the test's own. */
const jvmLibrary = /^(?:java|javax|jdk|sun|kotlin|kotlinx|scala|groovy|org\.junit|junit|org\.opentest4j|org\.assertj|org\.hamcrest|org\.mockito|org\.testng|org\.spockframework|io\.kotest|org\.gradle|org\.apache\.maven|worker\.org\.gradle)\./;

/**
 * Frames of `body` that may be the test's own code, best first; `owner` is the test's class
 * or module, `ownFile` the file the report names for the test. Empty when the report's own
 * file and line say more.
 */
export function testFrames(body: string, owner: string, ownFile?: string): Frame[] {
  const jvm = [...body.matchAll(jvmFrame)].map((m) => ({ cls: m[1], file: m[2], line: Number(m[3]) }));
  if (jvm.length > 0) {
    const outer = (cls: string): string => cls.split('$')[0];
    const own = jvm.filter((f) => owner !== '' && outer(f.cls) === owner);
    const others = jvm.filter((f) => !own.includes(f) && !jvmLibrary.test(f.cls));
    return [...own, ...others].map((f) => ({ file: f.file, line: f.line, packagePath: [...outer(f.cls).split('.').slice(0, -1), f.file].join('/') }));
  }
  const dotnet = [...body.matchAll(dotnetFrame)].map((m) => ({ file: m[1], line: Number(m[2]) }));
  if (dotnet.length > 0) return dotnet;
  const frames = [...body.matchAll(genericFrame)]
    .map((m) => ({ file: m[1] ?? '', line: Number(m[2]) }))
    .filter((f) => !f.file.startsWith('node:') && !f.file.includes('node_modules') && !f.file.startsWith('internal/') && !/[\\/](site-packages|dist-packages)[\\/]/.test(f.file));
  // Where the report names the test's file (pytest, PHPUnit, Mocha's suites), the frame in that
  // file is the failing line of the test; without one, the report's own file and line say more.
  return ownFile === undefined ? frames : frames.filter((f) => sameFile(f.file, ownFile));
}

function sameFile(a: string, b: string): boolean {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/^\.\//, '');
  const [x, y] = [norm(a), norm(b)];
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}
