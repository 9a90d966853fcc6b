// icons.ts — puts FKUI's icon spritesheet (@fkui/icon-lib-default) into the page in a
// form the strict CSP accepts: the library's own injector writes style="…" attributes
// and a <style> element, which `style-src 'self'` refuses; here they become plain SVG
// presentation attributes before the markup is parsed.
import spritesheet from "@fkui/icon-lib-default/dist/f/spritesheet.svg?raw";

/** Rewrites style attributes and the one <style> rule into presentation attributes. */
export function cspSafeSpritesheet(svg: string): string {
    const classRules = new Map<string, string>();
    let out = svg.replace(/<style>([^<]*)<\/style>/g, (_m, css: string) => {
        for (const rule of css.matchAll(/\.([\w-]+)\s*\{([^}]*)\}/g)) {
            classRules.set(rule[1], rule[2]);
        }
        return "";
    });
    const toAttributes = (decls: string): string =>
        decls
            .split(";")
            .map((d) => d.trim())
            .filter(Boolean)
            .map((d) => {
                const [prop, ...rest] = d.split(":");
                return `${prop.trim()}="${rest.join(":").trim()}"`;
            })
            .join(" ");
    out = out.replace(/style="([^"]*)"/g, (_m, decls: string) => toAttributes(decls));
    out = out.replace(/class="([\w-]+)"/g, (m, cls: string) => {
        const decls = classRules.get(cls);
        return decls ? toAttributes(decls) : m;
    });
    return out;
}

export function injectIcons(): void {
    const element = document.createElement("div");
    element.hidden = true;
    element.setAttribute("aria-hidden", "true");
    element.setAttribute("data-icon-package", "@fkui/icon-lib-default");
    element.setAttribute("data-icon-library", "f");
    element.innerHTML = cspSafeSpritesheet(spritesheet);
    document.body.append(element);
}
