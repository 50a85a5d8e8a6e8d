/* The rich text control "Message link": words linked to a message account.
 *
 * Wagtail's own machinery, as its document links use it (wagtail/admin/static_src/
 * wagtailadmin/app/draftail.entry.js: DocumentModalWorkflowSource, Document):
 * the source opens the accounts' snippet chooser in a modal workflow; once an
 * account is chosen, the same modal asks for the message (the package's
 * message_link view), and its answer becomes the entity's data, which
 * richtext.py stores as <a linktype="message" id="…" data-text="…">. The entity
 * shows the account's name and channel in a tooltip with Edit and Remove, as a
 * page link does. Plain script on Wagtail's globals: no build step.
 */
(() => {
  const { draftail, React } = window;
  const ENTITY_TYPE = 'MESSAGE_LINK';

  class MessageLinkSource extends draftail.ModalWorkflowSource {
    getChooserConfig(entity) {
      const urls = { ...this.props.entityType.chooserUrls };
      const text = entity ? entity.getData().text || '' : '';
      const chooserHandlers = new window.ChooserModalOnloadHandlerFactory({
        searchInputDelay: 50,
      }).getOnLoadHandlers();
      return {
        url: urls.accountChooser,
        urlParams: {},
        onload: {
          ...chooserHandlers,
          // The account is chosen: ask for the message in the same modal.
          chosen: (modal, jsonData) => {
            modal.loadUrl(urls.messageForm, { id: jsonData.result.id, text });
          },
          message: (modal) => {
            const form = modal.body.find('form.message-link-form');
            form.on('submit', (event) => {
              event.preventDefault();
              modal.postForm(form.attr('action'), form.serialize());
            });
            form.find('textarea').trigger('focus');
          },
          message_chosen: (modal, jsonData) => {
            modal.respond('messageLinkChosen', jsonData.result);
            modal.close();
          },
        },
        responses: { messageLinkChosen: this.onChosen },
      };
    }

    filterEntityData(data) {
      return {
        id: data.id,
        name: data.name,
        channel: data.channel,
        text: data.text,
      };
    }
  }

  const icon = (name) =>
    React.createElement(
      'svg',
      { className: `icon icon-${name}`, 'aria-hidden': 'true' },
      React.createElement('use', { href: `#icon-${name}` }),
    );

  const MessageLink = (props) => {
    const { entityKey, contentState } = props;
    const data = contentState.getEntity(entityKey).getData();
    // A link whose account is gone says so (richtext.MessageLinkElementHandler).
    const gone = Boolean(data.missing);
    const label = gone
      ? data.missing
      : `${data.name} (${data.channel})${data.text ? ` · ${data.text}` : ''}`;
    return React.createElement(draftail.TooltipEntity, {
      ...props,
      icon: icon(gone ? 'warning' : 'comment'),
      label,
      url: null,
    });
  };

  draftail.registerPlugin(
    { type: ENTITY_TYPE, source: MessageLinkSource, decorator: MessageLink },
    'entityTypes',
  );
})();
