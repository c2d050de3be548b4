/**
 * Runs run_script scripts under a real `python3 -c`, the way the AWS MCP Server's sandbox does:
 * top-level `await` allowed, the last expression's value returned, `call_boto3` provided (here a
 * stub that records what it receives and answers pages with a `NextToken` while `pages` lasts).
 */
import { spawn } from 'node:child_process';

export interface ReceivedCall {
  readonly service: string;
  readonly operation: string;
  readonly region: string | null;
  readonly params: unknown;
}

export interface ScriptRun {
  readonly received: readonly ReceivedCall[];
  readonly return_value: unknown;
  /** Set when the script raised: `Type: message`. */
  readonly error?: string;
}

const HARNESS = `
import ast, asyncio, json, sys

async def run(source, pages):
    received = []
    async def call_boto3(service_name, operation_name, region_name=None, params=None):
        received.append({"service": service_name, "operation": operation_name, "region": region_name, "params": params})
        page = int((params or {}).get("NextToken") or 0)
        answer = {"Items": [page]}
        if page + 1 < pages:
            answer["NextToken"] = str(page + 1)
        return answer
    namespace = {"call_boto3": call_boto3}
    try:
        tree = ast.parse(source)
        last = tree.body[-1]
        if isinstance(last, ast.Expr):
            tree.body[-1] = ast.Assign(targets=[ast.Name(id="__return_value__", ctx=ast.Store())], value=last.value)
            ast.fix_missing_locations(tree)
        code = compile(tree, "<script>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        pending = eval(code, namespace)
        if pending is not None:
            await pending
    except Exception as error:
        return {"received": received, "return_value": None, "error": type(error).__name__ + ": " + str(error)}
    return {"received": received, "return_value": namespace.get("__return_value__")}

async def main():
    jobs = json.load(sys.stdin)
    print(json.dumps([await run(job["script"], job["pages"]) for job in jobs]))

asyncio.run(main())
`;

/** Runs every script in one python3 process; `pages` is how many pages the stub serves. */
export async function runScripts(scripts: readonly string[], pages = 1): Promise<ScriptRun[]> {
  const child = spawn('python3', ['-c', HARNESS], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  child.stdin.end(JSON.stringify(scripts.map((script) => ({ script, pages }))));
  const code = await exited;
  if (code !== 0) throw new Error(`python3 exited ${code}: ${Buffer.concat(stderr).toString()}`);
  return JSON.parse(Buffer.concat(stdout).toString()) as ScriptRun[];
}
