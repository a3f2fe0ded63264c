/** The checks verify runs, by id (engine checks and each API's own). */
import type { CheckDef, CheckInfo } from './types.js';

/** Checks by id. Ids are unique; an API's own checks are named `<api>.<name>`. */
export class CheckRegistry {
  readonly #checks = new Map<string, CheckDef>();

  register(...checks: CheckDef[]): this {
    for (const check of checks) {
      if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/.test(check.id))
        throw new Error(`check id "${check.id}" must be snake_case, optionally <api>.<name>`);
      if (this.#checks.has(check.id)) throw new Error(`check "${check.id}" is registered twice`);
      this.#checks.set(check.id, check);
    }
    return this;
  }

  get(id: string): CheckDef {
    const check = this.#checks.get(id);
    if (!check) throw new Error(`no check "${id}" is registered`);
    return check;
  }

  list(): CheckInfo[] {
    return [...this.#checks.values()].map(info);
  }
}

export const info = ({ id, title, meaning, source }: CheckDef): CheckInfo => ({ id, title, meaning, source });
