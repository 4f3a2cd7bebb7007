/** Worker methods of the eigenvalue view (P9). Spread into the compute API. */
export function createEigenApi() {
  return {};
}
