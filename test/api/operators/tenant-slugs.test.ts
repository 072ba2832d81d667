import { describe, expect, it } from "vitest";
import { admin } from "../../support/http";

const create = (body: Record<string, unknown>) => admin("/admin/tenants", { body: { plan: "starter", ...body } });

describe("tenant slugs under concurrent creation", () => {
  it("gives one of three simultaneous creations an explicit slug and the others 409 naming slug", async () => {
    const slug = `race-${crypto.randomUUID().slice(0, 8)}`;
    const answers = await Promise.all([1, 2, 3].map(() => create({ name: "Race", slug })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(answers.find((a) => a.status === 201)!.json.slug).toBe(slug);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.json.error.code).toBe("conflict");
      expect(refused.json.error.details).toEqual([{ field: "slug", code: "taken", message: "Another tenant has this slug" }]);
    }
  });

  it("gives three simultaneous creations with one name and no slug three distinct suffixed slugs", async () => {
    const name = `Same Time ${crypto.randomUUID().slice(0, 6)}`;
    const base = name.toLowerCase().replaceAll(" ", "-");
    const answers = await Promise.all([1, 2, 3].map(() => create({ name })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(answers.map((a) => a.json.slug).sort()).toEqual([base, `${base}-2`, `${base}-3`]);
  });

  it("keeps a suffixed slug derived from a 48-character name within 48 characters", async () => {
    const name = `long${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`.padEnd(48, "x");
    const first = await create({ name });
    const second = await create({ name });
    expect(first.json.slug).toBe(name);
    expect(second.status).toBe(201);
    expect(second.json.slug).toBe(`${name.slice(0, 46)}-2`);
  });
});
