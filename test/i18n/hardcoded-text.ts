/**
 * Finds user-visible English written straight into the UI code instead of through `useT()`: JSX text, text-like
 * string attributes (label, title, aria-label...), and string literals that read as prose anywhere in a UI
 * module (a capitalised word, or three words in a row). Message keys passed to t()/tp(), imports, comparisons
 * and CSS values are not text.
 */
import ts from 'typescript';

export interface Finding {
  file: string;
  line: number;
  text: string;
}

/** Attributes whose string value is never shown to a user. */
const NOT_TEXT_ATTRIBUTES = new Set([
  'appearance', 'type', 'id', 'key', 'role', 'className', 'href', 'size', 'as', 'name', 'autoComplete', 'spacing',
  'data-testid', 'testId', 'htmlFor', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-live', 'aria-haspopup',
  'inputMode', 'align', 'weight', 'color', 'variant', 'shouldFitContainer', 'target', 'rel', 'scope', 'dir', 'lang',
  'aria-sort', 'aria-current', 'aria-orientation', 'aria-expanded', 'aria-pressed', 'aria-selected', 'aria-checked',
  'data-state', 'data-key', 'data-row', 'data-col', 'pattern', 'min', 'max', 'step', 'value', 'defaultValue', 'src',
  'classNamePrefix', 'inputId', 'position', 'placement', 'iconBefore', 'iconAfter', 'width', 'height', 'label-id',
]);

/** Calls whose string arguments are message keys or technical, never text. */
const NOT_TEXT_CALLS = new Set(['t', 'tp', 'useT', 'token', 'require', 'querySelector', 'getElementById', 'createElement', 'addEventListener', 'removeEventListener', 'setAttribute', 'getAttribute', 'panelApi', 'settingsApi', 'adminApi', 'issuePanelApi', 'useSessionState', 'Error', 'warn', 'log', 'info', 'error']);

const PROSE = /\b[A-Z][a-z]+\b|\b[a-z]{2,} [a-z]{2,}\b/;
/** A message key ("panel.tabs.balance"): what t() is given, not text. */
const MESSAGE_KEY = /^[a-z][\w-]*(\.[\w-]+)+$/;
const HAS_WORD = /[A-Za-z]{2,}/;

function callName(node: ts.CallExpression | ts.NewExpression): string {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/** True when the literal sits where its value is a key, a type, an import or a compared code, not shown text. */
function isTechnicalPosition(node: ts.Node): boolean {
  let child: ts.Node = node;
  let parent: ts.Node | undefined = node.parent;
  while (parent) {
    if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isTypeNode(parent) || ts.isLiteralTypeNode(parent)) return true;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && child !== parent.expression && NOT_TEXT_CALLS.has(callName(parent))) return true;
    if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(parent.operatorToken.kind)) return true;
    if (ts.isCaseClause(parent) && parent.expression === child) return true;
    if (ts.isPropertyAssignment(parent) && parent.name === child) return true;
    if (ts.isElementAccessExpression(parent) && parent.argumentExpression === child) return true;
    if (ts.isJsxAttribute(parent)) return NOT_TEXT_ATTRIBUTES.has(parent.name.getText()) || parent.name.getText().startsWith('data-');
    // style={{ ... }}: CSS values.
    if (ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent) && isStyleObject(parent.parent)) return true;
    if (ts.isStatement(parent) || ts.isFunctionLike(parent)) return false;
    child = parent;
    parent = parent.parent;
  }
  return false;
}

function isStyleObject(object: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = object;
  while (node.parent && (ts.isObjectLiteralExpression(node.parent) || ts.isPropertyAssignment(node.parent) || ts.isSpreadAssignment(node.parent) || ts.isJsxExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isConditionalExpression(node.parent))) {
    node = node.parent;
    if (ts.isJsxAttribute(node.parent) && /^(style|css|xcss)$/i.test(node.parent.name.getText())) return true;
  }
  const decl = object.parent;
  if (ts.isVariableDeclaration(decl) && decl.type && /CSSProperties/.test(decl.type.getText())) return true;
  if (ts.isVariableDeclaration(decl) && /Style$/.test(decl.name.getText())) return true;
  return false;
}

/** The findings in one UI module's source. */
export function findHardcodedText(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string) => findings.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: text.trim().slice(0, 80) });
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) {
      // An acronym alone ("WSJF", "PI") reads the same in every language.
      if (HAS_WORD.test(node.text) && !/^[A-Z]{2,6}$/.test(node.text.trim())) report(node, node.text);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const attribute = ts.isJsxAttribute(node.parent) ? node.parent : null;
      const looksLikeText = MESSAGE_KEY.test(node.text) ? false : attribute ? HAS_WORD.test(node.text) && (PROSE.test(node.text) || /\s/.test(node.text.trim())) : PROSE.test(node.text);
      if (looksLikeText && !isTechnicalPosition(node)) report(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' … ');
      // A template's literal parts are short ("of", " items"): any word in them is text, unless it is a CSS unit.
      const words = parts.replace(/\d+(px|fr|em|rem|ms|s|%)\b/g, '').replace(/\b(solid|dashed|auto|minmax|repeat|translate\w*|rgba?|var|calc)\b/g, '');
      // Identifiers built from parts ("backlog-balance:fill:${key}", "${id}-heading") are not text.
      const identifier = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].every((p) => /^[\w:./#-]*$/.test(p));
      if (!identifier && (PROSE.test(parts) || /\b[a-z]{2,}\b/.test(words)) && !isTechnicalPosition(node)) report(node, parts);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}
