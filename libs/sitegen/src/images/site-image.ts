/** One drawn image, ready to be written as a file of the site. */
export interface SiteImage {
  path: string;
  svg: string;
  alt: string;
  description: string;
  width: number;
  height: number;
}
