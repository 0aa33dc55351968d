// asl-validator ships JavaScript without declarations; this is the part the tests use.
declare module "asl-validator" {
  function validator(definition: object, opts?: { checkPaths?: boolean; checkArn?: boolean }): { isValid: boolean; errors: unknown[]; errorsText(separator?: string): string };
  export = validator;
}
