/**
 * The site's only script: progressive enhancement. Without it the navigation is simply
 * always open and forms return to their section; nothing depends on it.
 */
export const APP_JS = `(function () {
  'use strict';
  document.documentElement.classList.add('js');

  var toggle = document.querySelector('.nav-toggle');
  var nav = document.getElementById('site-nav');
  if (toggle && nav) {
    var setOpen = function (open) {
      toggle.setAttribute('aria-expanded', String(open));
      nav.classList.toggle('is-open', open);
    };
    toggle.addEventListener('click', function () {
      setOpen(toggle.getAttribute('aria-expanded') !== 'true');
    });
    nav.addEventListener('click', function (event) {
      if (event.target.closest('a')) setOpen(false);
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && nav.classList.contains('is-open')) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // A static site has no server to post to: validate, confirm in place, and keep the visitor here.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-static-form]'), function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!form.checkValidity()) {
        form.reportValidity();
        return;
      }
      var status = form.querySelector('[role="status"]');
      if (status) status.textContent = form.getAttribute('data-success') || 'Thank you!';
      form.reset();
    });
  });
})();
`;
