import ts from 'typescript';

/** A parsed source file that can name the member (function, method, accessor) enclosing a position. */
export interface SourceMembers {
  /** Every string literal and identifier of the file with its 1-based line and enclosing member. */
  readonly tokens: readonly { readonly text: string; readonly line: number; readonly member: string }[];
  /** The member enclosing a 1-based line and column. */
  memberAt(line: number, column: number): string;
}

function nameOf(node: ts.Node, source: ts.SourceFile): string | undefined {
  if (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      ts.isPropertyDeclaration(node)) &&
    node.name
  ) {
    return node.name.getText(source);
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name)) {
    const init = node.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return node.name.text;
  }
  return undefined;
}

function enclosingMember(node: ts.Node, source: ts.SourceFile): string {
  const names: string[] = [];
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    const name = nameOf(current, source);
    if (name) names.unshift(name);
  }
  return names.length > 0 ? names.join('.') : '(module)';
}

function deepestAt(node: ts.Node, position: number): ts.Node {
  for (const child of node.getChildren()) {
    if (child.getStart() <= position && position < child.getEnd()) return deepestAt(child, position);
  }
  return node;
}

/** Parse TypeScript source text (no type checking) and index its tokens by enclosing member. */
export function sourceMembers(fileName: string, text: string): SourceMembers {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const tokens: { text: string; line: number; member: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isIdentifier(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      tokens.push({ text: node.text, line, member: enclosingMember(node, source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return {
    tokens,
    memberAt(line, column) {
      const lines = source.getLineStarts().length;
      if (line < 1 || line > lines) return '(module)';
      const start = source.getLineStarts()[line - 1] ?? 0;
      const position = Math.min(start + Math.max(0, column - 1), Math.max(0, source.getEnd() - 1));
      return enclosingMember(deepestAt(source, position), source);
    },
  };
}
